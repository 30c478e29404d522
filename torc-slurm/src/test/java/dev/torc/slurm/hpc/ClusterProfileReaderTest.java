package dev.torc.slurm.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ClusterProfileReaderTest {

  private static String resource(String name) throws IOException {
    try (InputStream in = ClusterProfileReaderTest.class.getResourceAsStream(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Function<List<String>, String> fixture(String sinfo, String scontrol) {
    return command -> {
      if (command.equals(ClusterProfileReader.SINFO)) {
        return sinfo;
      }
      if (command.equals(ClusterProfileReader.SCONTROL)) {
        return scontrol;
      }
      throw new AssertionError("unexpected command " + command);
    };
  }

  @Test
  void readsPartitionsFromSinfoAndScontrol() throws IOException {
    HpcProfile p =
        ClusterProfileReader.read(
            "mycluster",
            "login1.mycluster.edu",
            fixture(resource("sinfo-cluster.txt"), resource("scontrol-cluster.txt")),
            true);
    assertThat(p.detectHostname()).isEqualTo(".*\\.mycluster\\.edu$");
    assertThat(p.detect(name -> null, "n0042.mycluster.edu")).isTrue();
    assertThat(p.partitions())
        .containsExactly(
            new HpcPartition(
                "compute", "", 64, 256_000, Duration.ofDays(2), 0, null, 1, null, false, false),
            new HpcPartition(
                "short", "", 64, 256_000, Duration.ofHours(4), 0, null, 1, 10, false, false),
            new HpcPartition(
                "gpu", "", 32, 512_000, Duration.ofDays(1), 4, "a100", 1, 8, true, false),
            new HpcPartition(
                "bigmem", "", 64, 2_048_000, Duration.ofDays(2), 0, null, 2, 2, true, false));
    // The profile text reads back as the same profile.
    assertThat(ProfileFiles.parse(ProfileFiles.write(List.of(p)), "generated")).containsExactly(p);
  }

  @Test
  void readsTheCapturedSingleNodeCluster() throws IOException {
    HpcProfile p =
        ClusterProfileReader.read(
            "vm",
            "vm",
            fixture(resource("sinfo-local.txt"), resource("scontrol-local.txt")),
            false);
    assertThat(p.partitions()).hasSize(1);
    HpcPartition debug = p.partitions().get(0);
    assertThat(debug.name()).isEqualTo("debug");
    assertThat(debug.cpusPerNode()).isPositive();
    assertThat(debug.maxWalltime()).isEqualTo(Duration.ofDays(365));
    assertThat(p.detect(name -> null, "vm")).isTrue();
    assertThat(p.detect(name -> null, "vm2")).isFalse();
  }

  @Test
  void unreadableOutputIsRefused() {
    assertThatThrownBy(() -> ClusterProfileReader.read("x", "h", fixture("", ""), false))
        .hasMessageContaining("no partition");
    assertThatThrownBy(
            () -> ClusterProfileReader.read("x", "h", fixture("p|many|1|1:00|", ""), false))
        .hasMessageContaining("unexpected sinfo line");
  }
}
