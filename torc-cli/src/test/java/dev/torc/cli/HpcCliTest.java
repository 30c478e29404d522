package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.torc.slurm.SlurmCluster;
import dev.torc.slurm.hpc.HpcProfiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HpcCliTest {
  @TempDir Path dir;

  private CliRunner cli() {
    return new CliRunner(dir.resolve("torc.db"));
  }

  @AfterEach
  void forgetProfilesFile() {
    System.clearProperty(HpcProfiles.FILE_PROPERTY);
  }

  private Path spec(String text) throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, text);
    return file;
  }

  private static final String PIPELINE =
      """
      name: pipeline
      resource_requirements:
        - {name: small, num_cpus: 1, memory: 100m, runtime: PT10M}
        - {name: big, num_cpus: 2, memory: 200m, runtime: PT20M}
      jobs:
        - {name: setup, command: 'true', resource_requirements: small}
        - {name: work_1, command: 'true', resource_requirements: big, depends_on: [setup]}
        - {name: work_2, command: 'true', resource_requirements: big, depends_on: [setup]}
      """;

  @Test
  void listsShowsAndListsThePartitionsOfKestrel() {
    JsonNode list = cli().json("hpc", "list").json().get("profiles");
    assertThat(list)
        .anySatisfy(
            p -> {
              assertThat(p.get("name").asText()).isEqualTo("kestrel");
              assertThat(p.get("partitions").asInt()).isEqualTo(15);
            });
    JsonNode show = cli().json("hpc", "show", "kestrel").json();
    assertThat(show.get("detect_env_var").asText()).isEqualTo("NREL_CLUSTER=kestrel");
    assertThat(show.get("partitions").get(1).get("name").asText()).isEqualTo("short");
    assertThat(show.get("partitions").get(1).get("max_walltime").asText()).isEqualTo("04:00:00");
    CliRunner.Result table = cli().run("hpc", "partitions", "kestrel");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).contains("gpu-h100").contains("4 h100").contains("2-00:00:00");
    CliRunner.Result unknown = cli().run("hpc", "show", "nope");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err().strip())
        .isEqualTo("error: unknown HPC profile 'nope'; known: kestrel");
  }

  @Test
  @Tag("slurm")
  void generateDescribesTheLocalSlurmClusterWhichIsThenDetectedAndUsed() throws IOException {
    SlurmCluster.require();
    Path profile = dir.resolve("local.yaml");
    CliRunner.Result generated =
        cli().run("hpc", "generate", "--name", "local", "-o", profile.toString());
    assertThat(generated.exitCode()).as(generated.err()).isZero();
    assertThat(Files.readString(profile)).contains("local:").contains("cpus_per_node");

    System.setProperty(HpcProfiles.FILE_PROPERTY, profile.toString());
    JsonNode detected = cli().json("hpc", "detect").json();
    assertThat(detected.get("name").asText()).isEqualTo("local");

    Path spec = spec(PIPELINE);
    Path out = dir.resolve("generated.yaml");
    CliRunner.Result written =
        cli().run("slurm", "generate", spec.toString(), "--account", "acct", "-o", out.toString());
    assertThat(written.exitCode()).as(written.err()).isZero();
    String text = Files.readString(out);
    assertThat(text)
        .contains("name: small_scheduler")
        .contains("name: big_deferred_scheduler")
        .contains("trigger_type: on_jobs_ready");
    // The generated spec is a valid workflow.
    assertThat(cli().run("workflows", "create", out.toString(), "--dry-run").exitCode()).isZero();
  }

  @Test
  void generateWithACustomProfileFileDryRunAndErrors() throws IOException {
    Path profile = dir.resolve("p.yaml");
    Files.writeString(
        profile,
        """
        profiles:
          tiny:
            detect_env_var: TINY_CLUSTER_FOR_TEST=yes
            partitions:
              - {name: short, cpus_per_node: 4, memory_mb: 8000, max_walltime_secs: 3600}
              - {name: long, cpus_per_node: 4, memory_mb: 8000, max_walltime_secs: 86400}
        """);
    System.setProperty(HpcProfiles.FILE_PROPERTY, profile.toString());
    Path spec = spec(PIPELINE);
    JsonNode plan =
        cli()
            .json(
                "slurm",
                "generate",
                spec.toString(),
                "--account",
                "a",
                "--hpc-profile",
                "tiny",
                "--dry-run",
                "--walltime-multiplier",
                "2",
                "--group-by",
                "partition")
            .json();
    assertThat(plan.get("schedulers").get(0).get("name").asText()).isEqualTo("short_scheduler");
    assertThat(plan.get("schedulers").get(0).get("walltime").asText()).isEqualTo("00:20:00");
    assertThat(plan.get("schedulers").get(1).get("job_count").asInt()).isEqualTo(2);
    assertThat(plan.get("actions")).hasSize(2);

    CliRunner.Result noActions =
        cli()
            .run(
                "slurm",
                "generate",
                spec.toString(),
                "--account",
                "a",
                "--hpc-profile",
                "tiny",
                "--no-actions");
    assertThat(noActions.out()).contains("slurm_schedulers").doesNotContain("actions:");

    Path big =
        spec(
            """
            name: big
            resource_requirements:
              - {name: huge, num_cpus: 16, memory: 1g}
            jobs:
              - {name: a, command: 'true', resource_requirements: huge}
            """);
    CliRunner.Result refused =
        cli().run("slurm", "generate", big.toString(), "--account", "a", "--hpc-profile", "tiny");
    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err().strip())
        .isEqualTo(
            "error: job 'a' (resource requirements 'huge') fits no partition of HPC profile tiny:"
                + " 16 CPUs > 4 CPUs per node of partition long");

    CliRunner.Result noProfile = cli().run("slurm", "generate", spec.toString(), "--account", "a");
    assertThat(noProfile.exitCode()).isEqualTo(2);
    assertThat(noProfile.err()).contains("no HPC profile detected");
    CliRunner.Result noAccount = cli().run("slurm", "generate", spec.toString());
    assertThat(noAccount.exitCode()).isEqualTo(2);
    assertThat(noAccount.err()).contains("--account");
  }

  @Test
  void submitSlurmCreatesTheWorkflowWithSchedulersAndFiresItsFirstAllocation() throws IOException {
    Path spec = spec(PIPELINE);
    CliRunner.Result submitted =
        cli()
            .run(
                "-f",
                "json",
                "submit-slurm",
                spec.toString(),
                "--account",
                "acct",
                "--hpc-profile",
                "kestrel",
                "-o",
                dir.resolve("out").toString());
    assertThat(submitted.exitCode()).as(submitted.err()).isZero();
    long id = submitted.json().get("workflow_id").asLong();
    assertThat(submitted.json().get("num_actions").asInt()).isEqualTo(2);
    assertThat(submitted.json().get("actions_fired").asInt()).isEqualTo(1);
    JsonNode events = cli().json("events", "list", String.valueOf(id)).json();
    assertThat(events.toString()).contains("small_scheduler").contains("action_fired");
  }
}
