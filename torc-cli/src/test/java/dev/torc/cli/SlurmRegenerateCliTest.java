package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code torc slurm regenerate} on the built-in Kestrel profile (no Slurm needed). */
class SlurmRegenerateCliTest extends RunningCliTest {

  private long create(String spec) throws Exception {
    CliRunner.Result created = cli.json("workflows", "create", spec(spec).toString());
    assertThat(created.exitCode()).as(created.err()).isZero();
    return created.json().get("workflow_id").asLong();
  }

  private CliRunner.Result regenerate(long wf) {
    return cli.json(
        "slurm", "regenerate", String.valueOf(wf), "--account", "acct", "--hpc-profile", "kestrel");
  }

  @Test
  void schedulersFitTheWaitingJobsCurrentRequirementsWithUniqueNames() throws Exception {
    long wf =
        create(
            """
            name: regen
            resource_requirements:
              - name: work
                num_cpus: 4
                memory: 100g
                runtime: PT3H
              - name: big
                num_cpus: 4
                memory: 300g
                runtime: PT3H
            jobs:
              - name: small_job
                command: "true"
                resource_requirements: work
              - name: big_job
                command: "true"
                resource_requirements: big
            """);

    CliRunner.Result first = regenerate(wf);
    assertThat(first.exitCode()).as(first.err()).isZero();
    List<String> partitions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    Map<String, String> byPartition = new HashMap<>();
    for (JsonNode s : first.json().get("schedulers")) {
      partitions.add(s.get("partition").asText());
      names.add(s.get("name").asText());
      byPartition.put(s.get("partition").asText(), s.get("name").asText());
      assertThat(s.get("account").asText()).isEqualTo("acct");
    }
    // 100g fits the 240000m nodes of "short" (3 h x 1.5 within 4 h); 300g needs "medmem".
    assertThat(partitions).containsExactlyInAnyOrder("short", "medmem");
    assertThat(first.json().get("job_ids")).isEmpty();
    assertThat(job(wf, "small_job").get("scheduler").asText()).isEqualTo(byPartition.get("short"));
    assertThat(job(wf, "big_job").get("scheduler").asText()).isEqualTo(byPartition.get("medmem"));

    CliRunner.Result again = regenerate(wf);
    assertThat(again.exitCode()).as(again.err()).isZero();
    for (JsonNode s : again.json().get("schedulers")) {
      assertThat(names).doesNotContain(s.get("name").asText());
      // The jobs follow their newest scheduler, renamed to stay unique.
      String job = s.get("partition").asText().equals("short") ? "small_job" : "big_job";
      assertThat(job(wf, job).get("scheduler").asText()).isEqualTo(s.get("name").asText());
    }
    JsonNode listed = cli.json("slurm", "list", String.valueOf(wf)).json();
    assertThat(listed.toString()).contains(names.get(0)).contains(names.get(1));
  }

  @Test
  void aJobPastTheLargestPartitionIsAnErrorNamingTheLimit() throws Exception {
    long wf =
        create(
            """
            name: regen_too_big
            resource_requirements:
              - name: huge
                memory: 3000g
            jobs:
              - name: huge_job
                command: "true"
                resource_requirements: huge
            """);

    CliRunner.Result refused = regenerate(wf);

    assertThat(refused.exitCode()).isEqualTo(ExitCodes.INVALID_INPUT);
    assertThat(refused.err()).contains("huge_job").contains("memory 3000g > 2000000m per node");
  }

  @Test
  void recoverCapsAResizeOfASlurmWorkflowByTheLargestPartitionAndFailsTheJobNamingIt()
      throws Exception {
    long wf =
        create(
            """
            name: regen_capped
            resource_requirements:
              - name: long_run
                memory: 100m
                runtime: PT200H
            jobs:
              - name: walltime_killed
                command: "exit 152"
                resource_requirements: long_run
            """);
    CliRunner.Result scheduler =
        cli.json("slurm", "create", String.valueOf(wf), "--name", "one", "--account", "acct");
    assertThat(scheduler.exitCode()).as(scheduler.err()).isZero();
    run(String.valueOf(wf));
    assertThat(job(wf, "walltime_killed").get("status").asText()).isEqualTo("failed");

    CliRunner.Result recovered = cli.run("recover", String.valueOf(wf), "--hpc-profile", "kestrel");

    assertThat(recovered.exitCode()).as(recovered.out() + recovered.err()).isEqualTo(1);
    assertThat(recovered.out())
        .containsPattern("runtime \\S+ > max walltime \\S+ of partition \\S+; not retrying");
    assertThat(job(wf, "walltime_killed").get("status").asText()).isEqualTo("failed");
    assertThat(cli.json("slurm", "list", String.valueOf(wf)).json().toString())
        .doesNotContain("long_run");
  }
}
