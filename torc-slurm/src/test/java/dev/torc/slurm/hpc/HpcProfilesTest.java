package dev.torc.slurm.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.ResourceRequirements;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HpcProfilesTest {
  @TempDir Path dir;

  private static HpcProfile kestrel() {
    return HpcProfiles.load(null).get("kestrel");
  }

  private static ResourceRequirements rr(int cpus, String memory, int gpus, String runtime) {
    return ResourceRequirements.builder("r")
        .numCpus(cpus)
        .memory(memory)
        .numGpus(gpus)
        .runtime(runtime)
        .build();
  }

  private static String fit(HpcProfile p, ResourceRequirements rr) {
    return p.smallestFit(rr, rr.runtime()).map(HpcPartition::name).orElse(null);
  }

  @Test
  void kestrelIsBuiltInWithTheOriginalsPartitions() {
    HpcProfile k = kestrel();
    assertThat(k.displayName()).isEqualTo("NREL Kestrel");
    assertThat(k.partitions())
        .extracting(HpcPartition::name)
        .containsExactly(
            "debug",
            "short",
            "standard",
            "long",
            "medmem",
            "bigmem",
            "bigmeml",
            "hbw",
            "hbwl",
            "nvme",
            "shared",
            "sharedl",
            "gpu-h100s",
            "gpu-h100",
            "gpu-h100l");
    HpcPartition hbw = k.partition("hbw").orElseThrow();
    assertThat(hbw.minNodes()).isEqualTo(2);
    assertThat(hbw.requiresExplicitRequest()).isTrue();
    assertThat(hbw.shared()).isFalse();
    HpcPartition gpu = k.partition("gpu-h100").orElseThrow();
    assertThat(gpu.gpusPerNode()).isEqualTo(4);
    assertThat(gpu.gpuType()).isEqualTo("h100");
    assertThat(gpu.cpusPerNode()).isEqualTo(128);
    assertThat(gpu.memoryMb()).isEqualTo(360_000);
    assertThat(gpu.maxWalltime()).isEqualTo(Duration.ofDays(2));
    assertThat(gpu.shared()).isTrue();
    assertThat(k.partition("standard").orElseThrow().maxWalltime()).isEqualTo(Duration.ofDays(2));
  }

  @Test
  void detectionByEnvironmentVariableOrHostName() throws IOException {
    HpcProfiles builtIn = HpcProfiles.load(null);
    Map<String, String> onKestrel = Map.of("NREL_CLUSTER", "kestrel");
    assertThat(builtIn.detect(onKestrel::get, "x1000c0s0b0n0"))
        .map(HpcProfile::name)
        .contains("kestrel");
    assertThat(builtIn.detect(Map.of("NREL_CLUSTER", "eagle")::get, "kl1.hpc.nrel.gov")).isEmpty();

    Path file = dir.resolve("profiles.yaml");
    Files.writeString(
        file,
        """
        profiles:
          research:
            display_name: Research Cluster
            detect_hostname: '.*\\.research\\.edu$'
            partitions:
              - {name: batch, cpus_per_node: 48, memory_mb: 192000, max_walltime_secs: 259200}
        """);
    HpcProfiles all = HpcProfiles.load(file);
    assertThat(all.all()).extracting(HpcProfile::name).containsExactly("kestrel", "research");
    assertThat(all.detect(Map.<String, String>of()::get, "login01.research.edu"))
        .map(HpcProfile::name)
        .contains("research");
    assertThat(all.detect(Map.<String, String>of()::get, "login01.research.edu.example.org"))
        .isEmpty();
  }

  @Test
  void theConfigFileComesFromTheEnvironmentOrTheXdgConfigHome() {
    assertThat(HpcProfiles.configFile(Map.of("TORC_HPC_PROFILES", "/etc/p.yaml")::get))
        .isEqualTo(Path.of("/etc/p.yaml"));
    assertThat(HpcProfiles.configFile(Map.of("XDG_CONFIG_HOME", "/cfg")::get))
        .isEqualTo(Path.of("/cfg/torc/hpc-profiles.yaml"));
  }

  @Test
  void aCustomProfileReplacesABuiltInOneAndRoundTrips() throws IOException {
    HpcProfile custom =
        new HpcProfile(
            "kestrel",
            "Kestrel (mine)",
            "",
            "NREL_CLUSTER=kestrel",
            null,
            "acct",
            List.of(
                new HpcPartition(
                    "p", "d", 8, 16_000, Duration.ofHours(2), 2, "a100", 1, 4, true, false)));
    Path file = dir.resolve("p.yaml");
    Files.writeString(file, ProfileFiles.write(List.of(custom)));
    HpcProfiles all = HpcProfiles.load(file);
    assertThat(all.all()).containsExactly(custom);
  }

  @Test
  void anInvalidProfilesFileNamesTheFileAndTheField() throws IOException {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "profiles:\n  x:\n    partitions:\n      - {name: p, cpus_per_node: 4, memory_mb: 10,"
            + " max_walltime_secs: 60, colour: red}\n");
    assertThatThrownBy(() -> HpcProfiles.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("partition p")
        .hasMessageContaining("unknown field 'colour'");
    Files.writeString(
        file, "profiles:\n  x:\n    partitions:\n      - {name: p, cpus_per_node: 4}\n");
    assertThatThrownBy(() -> HpcProfiles.load(file)).hasMessageContaining("needs 'memory_mb'");
  }

  @Test
  void aJobGoesToTheSmallestPartitionThatFits() {
    HpcProfile k = kestrel();
    assertThat(fit(k, rr(4, "8g", 0, "PT1H"))).isEqualTo("short");
    assertThat(fit(k, rr(4, "8g", 0, "PT10H"))).isEqualTo("standard");
    assertThat(fit(k, rr(4, "8g", 0, "P3D"))).isEqualTo("long");
    assertThat(fit(k, rr(104, "500g", 0, "PT1H"))).isEqualTo("medmem");
    assertThat(fit(k, rr(16, "1500g", 0, "PT1H"))).isEqualTo("bigmem");
    assertThat(fit(k, rr(8, "32g", 1, "PT2H"))).isEqualTo("gpu-h100s");
    assertThat(fit(k, rr(8, "32g", 1, "PT20H"))).isEqualTo("gpu-h100");
    assertThat(fit(k, rr(200, "8g", 0, "PT1H"))).isNull();
    ResourceRequirements huge = rr(4, "3t", 0, "PT1H");
    assertThat(k.whyNothingFits(huge, huge.runtime()))
        .isEqualTo("memory 3t > 2000000m per node of partition bigmeml");
    ResourceRequirements tooLong = rr(4, "8g", 0, "P20D");
    assertThat(k.whyNothingFits(tooLong, tooLong.runtime()))
        .isEqualTo("runtime 20-00:00:00 > max walltime 10-00:00:00 of partition bigmeml");
  }

  @Test
  void slurmTimesParseAndFormat() {
    assertThat(SlurmTimes.parse("2-00:00:00")).isEqualTo(Duration.ofDays(2));
    assertThat(SlurmTimes.parse("4:00:00")).isEqualTo(Duration.ofHours(4));
    assertThat(SlurmTimes.parse("30")).isEqualTo(Duration.ofMinutes(30));
    assertThat(SlurmTimes.parse("5:30")).isEqualTo(Duration.ofSeconds(330));
    assertThat(SlurmTimes.parse("1-12")).isEqualTo(Duration.ofHours(36));
    assertThat(SlurmTimes.parse("UNLIMITED")).isNull();
    assertThat(SlurmTimes.parse("infinite")).isNull();
    assertThatThrownBy(() -> SlurmTimes.parse("soon")).hasMessageContaining("soon");
    assertThat(SlurmTimes.format(Duration.ofMinutes(90))).isEqualTo("01:30:00");
    assertThat(SlurmTimes.format(Duration.ofHours(50))).isEqualTo("2-02:00:00");
  }
}
