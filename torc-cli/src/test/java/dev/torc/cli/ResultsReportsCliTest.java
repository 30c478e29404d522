package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.Workflow;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.ResourceBudget;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code results list}, {@code jobs logs} and {@code reports check-resource-utilization} against
 * results recorded through the store, as a job runner records them.
 */
class ResultsReportsCliTest {
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;
  static final Instant T0 = Instant.parse("2025-03-04T05:06:07Z");

  @TempDir Path dir;
  Path database;
  Path outputDir;
  CliRunner cli;

  long workflowId;
  Map<String, Long> ids = new TreeMap<>();

  @BeforeEach
  void setUp() {
    database = dir.resolve("torc.db");
    outputDir = dir.resolve("out");
    cli = new CliRunner(database);
  }

  /**
   * Six jobs, all requesting 2 CPUs, 1g and one hour: {@code fits} stays within its request; {@code
   * fat} completes over its memory; {@code idle} completes using little of anything; {@code oom} is
   * killed early (137, unsampled); {@code slow} fails at the walltime (152); {@code retried} fails
   * once with 137 and completes on its second attempt.
   */
  private void createWorkflow() {
    ResourceRequirements rr =
        ResourceRequirements.builder("rr").numCpus(2).memory("1g").runtime("PT1H").build();
    Workflow.Builder builder = Workflow.builder("report").resourceRequirements(rr);
    for (String name : List.of("fits", "fat", "idle", "oom", "slow", "retried", "never_ran")) {
      builder.job(JobSpec.builder(name).command("run " + name).resourceRequirements("rr").build());
    }
    try (WorkflowStore store = Stores.sqlite(database)) {
      workflowId = store.createWorkflow(builder.build());
      for (JobRecord job : store.listJobs(workflowId, null)) {
        ids.put(job.name(), job.id());
      }
      claimAll(store);
      finish(store, "fits", 1, 0, JobStatus.COMPLETED, 30, 700 * MIB, 180.0);
      finish(store, "fat", 1, 0, JobStatus.COMPLETED, 20, 3 * GIB / 2, 150.0);
      finish(store, "idle", 1, 0, JobStatus.COMPLETED, 1, 10 * MIB, 5.0);
      finish(store, "oom", 1, 137, JobStatus.FAILED, 5, null, null);
      finish(store, "slow", 1, 152, JobStatus.FAILED, 60.5, 600 * MIB, 190.0);
      finish(store, "retried", 1, 137, JobStatus.READY, 2, 900 * MIB, 100.0);
      claimAll(store);
      finish(store, "retried", 2, 0, JobStatus.COMPLETED, 3, 800 * MIB, 120.0);
    }
  }

  private void claimAll(WorkflowStore store) {
    store.claimReadyJobs(workflowId, new ResourceBudget(1000, 1000 * GIB, 0), 100).stream()
        .filter(job -> !job.name().equals("never_ran"))
        .forEach(job -> store.updateJobStatus(job.id(), JobStatus.RUNNING));
  }

  private void finish(
      WorkflowStore store,
      String job,
      int attempt,
      int returnCode,
      JobStatus status,
      double minutes,
      Long peakMemory,
      Double peakCpu) {
    store.completeJob(
        new JobResult(
            ids.get(job),
            workflowId,
            1,
            attempt,
            returnCode,
            status,
            minutes,
            T0.plusSeconds(ids.get(job) * 60 + attempt),
            peakMemory,
            peakMemory == null ? null : peakMemory / 2,
            peakCpu,
            peakCpu == null ? null : peakCpu / 2));
  }

  private Path log(String job, int attempt, String extension, String content) throws IOException {
    Path file =
        outputDir
            .resolve("job_stdio")
            .resolve(
                "job_wf" + workflowId + "_j" + ids.get(job) + "_r1_a" + attempt + "." + extension);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    return file;
  }

  private static Map<String, JsonNode> byJobName(JsonNode array) {
    Map<String, JsonNode> byName = new TreeMap<>();
    array.forEach(node -> byName.put(node.get("job_name").asText(), node));
    return byName;
  }

  private static List<String> names(JsonNode array) {
    List<String> names = new ArrayList<>();
    array.forEach(node -> names.add(node.get("job_name").asText()));
    return names;
  }

  private String wf() {
    return String.valueOf(workflowId);
  }

  // ---------------------------------------------------------------------------------------------
  // results list

  @Test
  void listsEveryResultOldestFirstWithItsFigures() {
    createWorkflow();

    CliRunner.Result listed = cli.json("results", "list", wf());

    assertThat(listed.exitCode()).as(listed.err()).isZero();
    JsonNode results = listed.json().get("results");
    assertThat(names(results))
        .containsExactly("fits", "fat", "idle", "oom", "slow", "retried", "retried");
    JsonNode fat = results.get(1);
    assertThat(fat.get("job_id").asLong()).isEqualTo(ids.get("fat"));
    assertThat(fat.get("run_id").asInt()).isEqualTo(1);
    assertThat(fat.get("attempt_id").asInt()).isEqualTo(1);
    assertThat(fat.get("return_code").asInt()).isZero();
    assertThat(fat.get("status").asText()).isEqualTo("completed");
    assertThat(fat.get("exec_time_minutes").asDouble()).isEqualTo(20.0);
    assertThat(fat.get("completion_time").asText())
        .isEqualTo(T0.plusSeconds(ids.get("fat") * 60 + 1).toString());
    assertThat(fat.get("peak_memory_bytes").asLong()).isEqualTo(3 * GIB / 2);
    assertThat(fat.get("avg_memory_bytes").asLong()).isEqualTo(3 * GIB / 4);
    assertThat(fat.get("peak_cpu_percent").asDouble()).isEqualTo(150.0);
    assertThat(fat.get("avg_cpu_percent").asDouble()).isEqualTo(75.0);
    JsonNode oom = results.get(3);
    assertThat(oom.get("peak_memory_bytes").isNull()).isTrue();
    assertThat(oom.get("avg_cpu_percent").isNull()).isTrue();
    assertThat(results.get(5).get("status").asText()).isEqualTo("ready");
    assertThat(results.get(6).get("attempt_id").asInt()).isEqualTo(2);
  }

  @Test
  void filtersResultsByJobStatusAndRun() {
    createWorkflow();

    JsonNode retried =
        cli.json("results", "list", wf(), "--job", String.valueOf(ids.get("retried")))
            .json()
            .get("results");
    assertThat(retried).hasSize(2);
    assertThat(retried.get(0).get("attempt_id").asInt()).isEqualTo(1);

    JsonNode twoJobs =
        cli.json(
                "results",
                "list",
                wf(),
                "-j",
                String.valueOf(ids.get("fat")),
                "-j",
                String.valueOf(ids.get("oom")))
            .json()
            .get("results");
    assertThat(names(twoJobs)).containsExactly("fat", "oom");

    JsonNode failed = cli.json("results", "list", wf(), "--status", "failed").json().get("results");
    assertThat(names(failed)).containsExactly("oom", "slow");

    assertThat(cli.json("results", "list", wf(), "--run-id", "2").json().get("results")).isEmpty();
    assertThat(cli.json("results", "list", wf(), "--all-runs").json().get("results")).hasSize(7);
  }

  @Test
  void printsResultsAsATable() {
    createWorkflow();

    CliRunner.Result table = cli.run("results", "list", wf());

    assertThat(table.exitCode()).as(table.err()).isZero();
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).startsWith("Job ID").contains("Peak Mem").contains("Status");
    assertThat(lines).hasSize(8);
    assertThat(lines.get(2)).contains("fat").contains("1.50 GiB").contains("150.0%");
    assertThat(lines.get(4)).contains("oom").contains("137").contains("failed").contains("-");

    CliRunner.Result none = cli.run("results", "list", wf(), "--run-id", "3");
    assertThat(none.out()).contains("No results for workflow " + workflowId + " in run 3");
  }

  @Test
  void refusesUnknownWorkflowsJobsAndStatusesAndContradictoryRuns() {
    createWorkflow();

    CliRunner.Result noWorkflow = cli.run("results", "list", "999");
    assertThat(noWorkflow.exitCode()).isEqualTo(2);
    assertThat(noWorkflow.err()).contains("no workflow with id 999");

    CliRunner.Result noJob = cli.run("results", "list", wf(), "--job", "999");
    assertThat(noJob.exitCode()).isEqualTo(2);
    assertThat(noJob.err()).contains("no job with id 999 in workflow " + workflowId);

    CliRunner.Result badStatus = cli.run("results", "list", wf(), "--status", "done");
    assertThat(badStatus.exitCode()).isEqualTo(2);
    assertThat(badStatus.err()).contains("unknown job status 'done'");

    CliRunner.Result both = cli.run("results", "list", wf(), "--run-id", "1", "--all-runs");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("either --run-id or --all-runs");
  }

  // ---------------------------------------------------------------------------------------------
  // jobs logs

  @Test
  void printsTheLatestAttemptsStdoutOrStderr() throws IOException {
    createWorkflow();
    log("retried", 1, "o", "first try\n");
    log("retried", 1, "e", "Killed\n");
    log("retried", 2, "o", "second try\nok\n");
    log("retried", 2, "e", "");
    String job = String.valueOf(ids.get("retried"));

    CliRunner.Result stdout = cli.run("jobs", "logs", job, "-o", outputDir.toString());
    assertThat(stdout.exitCode()).as(stdout.err()).isZero();
    assertThat(stdout.out()).isEqualTo("second try\nok\n");

    CliRunner.Result firstErr =
        cli.run("jobs", "logs", job, "--attempt", "1", "--stderr", "-o", outputDir.toString());
    assertThat(firstErr.out()).isEqualTo("Killed\n");

    CliRunner.Result tail =
        cli.run("jobs", "logs", job, "--tail", "1", "--output-dir", outputDir.toString());
    assertThat(tail.out()).isEqualTo("ok\n");
  }

  @Test
  void printsALogAsJsonWithItsPath() throws IOException {
    createWorkflow();
    Path file = log("fits", 1, "e", "warning: a\nwarning: b\n");

    CliRunner.Result result =
        cli.json(
            "jobs",
            "logs",
            String.valueOf(ids.get("fits")),
            "--stderr",
            "--tail",
            "1",
            "-o",
            outputDir.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode json = result.json();
    assertThat(json.get("job_id").asLong()).isEqualTo(ids.get("fits"));
    assertThat(json.get("job_name").asText()).isEqualTo("fits");
    assertThat(json.get("workflow_id").asLong()).isEqualTo(workflowId);
    assertThat(json.get("run_id").asInt()).isEqualTo(1);
    assertThat(json.get("attempt_id").asInt()).isEqualTo(1);
    assertThat(json.get("stream").asText()).isEqualTo("stderr");
    assertThat(json.get("path").asText()).isEqualTo(file.toString());
    assertThat(json.get("content").asText()).isEqualTo("warning: b\n");
  }

  @Test
  void saysWhichFileItLookedForWhenALogIsMissing() throws IOException {
    createWorkflow();
    log("fits", 1, "o", "hello\n");
    String job = String.valueOf(ids.get("never_ran"));

    CliRunner.Result missing = cli.run("jobs", "logs", job, "-o", outputDir.toString());

    assertThat(missing.exitCode()).isEqualTo(1);
    Path expected =
        outputDir.resolve("job_stdio").resolve("job_wf" + workflowId + "_j" + job + "_r1_a1.o");
    assertThat(missing.err())
        .contains("no stdout log for job " + job + " (never_ran, pending), run 1, attempt 1")
        .contains(expected.toString())
        .doesNotContain("Exception");

    CliRunner.Result noDir =
        cli.run("jobs", "logs", job, "-o", dir.resolve("elsewhere").toString(), "--stderr");
    assertThat(noDir.exitCode()).isEqualTo(1);
    assertThat(noDir.err()).contains("_r1_a1.e").contains("Use --output-dir");
  }

  @Test
  void refusesAnUnknownJobAndCountsBelowOne() {
    createWorkflow();
    String job = String.valueOf(ids.get("fits"));

    CliRunner.Result unknown = cli.run("jobs", "logs", "999");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no job with id 999");

    for (String option : List.of("--tail", "--attempt", "--run-id")) {
      CliRunner.Result zero = cli.run("jobs", "logs", job, option, "0");
      assertThat(zero.exitCode()).as(option).isEqualTo(2);
      assertThat(zero.err()).contains(option + " must be at least 1, was 0");
    }
  }

  // ---------------------------------------------------------------------------------------------
  // reports check-resource-utilization

  @Test
  void reportsCompletedJobsOverOrUnderTheirRequest() {
    createWorkflow();

    CliRunner.Result report = cli.json("reports", "check-resource-utilization", wf());

    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode json = report.json();
    assertThat(json.get("workflow_id").asLong()).isEqualTo(workflowId);
    assertThat(json.get("run_id").asInt()).isEqualTo(1);
    assertThat(json.get("total_results").asInt()).isEqualTo(4); // fits, fat, idle, retried
    assertThat(json.get("over_utilization_count").asInt()).isEqualTo(1);
    assertThat(json.get("under_utilization_count").asInt()).isEqualTo(2);
    Map<String, JsonNode> listed = byJobName(json.get("resource_violations"));
    assertThat(listed).containsOnlyKeys("fat", "idle");
    assertThat(json.get("resource_violations_count").asInt()).isEqualTo(2);

    JsonNode fat = listed.get("fat");
    assertThat(fat.get("job_id").asLong()).isEqualTo(ids.get("fat"));
    assertThat(fat.get("attempt_id").asInt()).isEqualTo(1);
    assertThat(fat.get("status").asText()).isEqualTo("completed");
    assertThat(fat.get("return_code").asInt()).isZero();
    assertThat(fat.get("configured_memory").asText()).isEqualTo("1g");
    assertThat(fat.get("configured_memory_bytes").asLong()).isEqualTo(GIB);
    assertThat(fat.get("configured_cpus").asInt()).isEqualTo(2);
    assertThat(fat.get("configured_runtime").asText()).isEqualTo("PT1H");
    assertThat(fat.get("peak_memory_bytes").asLong()).isEqualTo(3 * GIB / 2);
    assertThat(fat.get("peak_cpu_percent").asDouble()).isEqualTo(150.0);
    assertThat(fat.get("exec_time_minutes").asDouble()).isEqualTo(20.0);
    assertThat(fat.get("memory_utilization_percent").asDouble()).isEqualTo(150.0);
    assertThat(fat.get("cpu_utilization_percent").asDouble()).isEqualTo(75.0);
    assertThat(fat.get("memory_over").asBoolean()).isTrue();
    assertThat(fat.get("cpu_over").asBoolean()).isFalse();
    assertThat(fat.get("runtime_over").asBoolean()).isFalse();
    assertThat(fat.get("likely_oom").asBoolean()).isFalse();
    assertThat(fat.get("oom_reason").isNull()).isTrue();
    assertThat(fat.get("likely_timeout").asBoolean()).isFalse();

    JsonNode idle = listed.get("idle");
    assertThat(idle.get("memory_under").asBoolean()).isTrue();
    assertThat(idle.get("cpu_under").asBoolean()).isTrue();
    assertThat(idle.get("memory_over").asBoolean()).isFalse();

    JsonNode violations = json.get("violations");
    assertThat(violations).hasSize(1);
    assertThat(violations.get(0).get("job_name").asText()).isEqualTo("fat");
    assertThat(violations.get(0).get("resource_type").asText()).isEqualTo("Memory");
    assertThat(violations.get(0).get("specified").asText()).isEqualTo("1.00 GiB");
    assertThat(violations.get(0).get("peak_used").asText()).isEqualTo("1.50 GiB");
    assertThat(violations.get(0).get("over_utilization").asText()).isEqualTo("+50.0%");
  }

  @Test
  void includeFailedAddsTheLikelyCausesOfFailures() {
    createWorkflow();

    JsonNode json =
        cli.json("reports", "check-resource-utilization", wf(), "--include-failed").json();

    assertThat(json.get("total_results").asInt()).isEqualTo(6);
    Map<String, JsonNode> listed = byJobName(json.get("resource_violations"));
    assertThat(listed).containsOnlyKeys("fat", "idle", "oom", "slow");

    JsonNode oom = listed.get("oom");
    assertThat(oom.get("likely_oom").asBoolean()).isTrue();
    assertThat(oom.get("oom_reason").asText()).isEqualTo("sigkill_137");
    assertThat(oom.get("likely_timeout").asBoolean()).isFalse();
    assertThat(oom.get("peak_memory_bytes").isNull()).isTrue();
    assertThat(oom.get("memory_utilization_percent").isNull()).isTrue();

    JsonNode slow = listed.get("slow");
    assertThat(slow.get("likely_timeout").asBoolean()).isTrue();
    assertThat(slow.get("timeout_reason").asText()).isEqualTo("sigxcpu_152");
    assertThat(slow.get("runtime_over").asBoolean()).isTrue();
    assertThat(slow.get("likely_oom").asBoolean()).isFalse();
    assertThat(json.get("over_utilization_count").asInt()).isEqualTo(2);

    // The retried job is judged by its latest attempt, which completed within its request.
    assertThat(listed).doesNotContainKey("retried");
  }

  @Test
  void allListsEveryJobAndARunWithoutResultsSaysSo() {
    createWorkflow();

    JsonNode all =
        cli.json("reports", "check-resource-utilization", wf(), "--all", "--include-failed").json();
    assertThat(byJobName(all.get("resource_violations")))
        .containsOnlyKeys("fits", "fat", "idle", "oom", "slow", "retried");
    assertThat(byJobName(all.get("resource_violations")).get("retried").get("attempt_id").asInt())
        .isEqualTo(2);

    JsonNode otherRun =
        cli.json("reports", "check-resource-utilization", wf(), "--run-id", "2").json();
    assertThat(otherRun.get("run_id").asInt()).isEqualTo(2);
    assertThat(otherRun.get("total_results").asInt()).isZero();
    assertThat(otherRun.get("resource_violations")).isEmpty();

    CliRunner.Result text = cli.run("reports", "check-resource-utilization", wf(), "-r", "2");
    assertThat(text.exitCode()).isZero();
    assertThat(text.out()).contains("No completed job results in run 2 of workflow " + wf());
  }

  @Test
  void printsTheReportAsATableWithFlags() {
    createWorkflow();

    CliRunner.Result table =
        cli.run("reports", "check-resource-utilization", wf(), "--include-failed");

    assertThat(table.exitCode()).as(table.err()).isZero();
    String out = table.out();
    assertThat(out).contains("Workflow " + workflowId + ", run 1");
    assertThat(out).contains("Memory (peak / requested)").contains("Flags");
    assertThat(line(out, "fat")).contains("1.50 GiB / 1.00 GiB").contains("memory over");
    assertThat(line(out, "idle")).contains("memory under, cpu under");
    assertThat(line(out, "oom")).contains("- / 1.00 GiB").contains("likely OOM (sigkill_137)");
    assertThat(line(out, "slow"))
        .contains("1h 0m 30s / 1h 0m 0s")
        .contains("runtime over")
        .contains("likely timeout (sigxcpu_152)");
    assertThat(out).contains("Use --all");
  }

  @Test
  void saysWhenEveryJobStayedWithinItsRequest() {
    ResourceRequirements rr = ResourceRequirements.builder("rr").memory("1g").build();
    try (WorkflowStore store = Stores.sqlite(database)) {
      workflowId =
          store.createWorkflow(
              Workflow.builder("tidy")
                  .resourceRequirements(rr)
                  .job(JobSpec.builder("fits").command("true").resourceRequirements("rr").build())
                  .build());
      ids.put("fits", store.listJobs(workflowId, null).get(0).id());
      claimAll(store);
      finish(store, "fits", 1, 0, JobStatus.COMPLETED, 30, 700 * MIB, 90.0);
    }

    CliRunner.Result report = cli.run("reports", "check-resource-utilization", wf());

    assertThat(report.exitCode()).as(report.err()).isZero();
    assertThat(report.out())
        .contains("All 1 jobs stayed within their requested resources")
        .contains("--all");
    JsonNode json = cli.json("reports", "check-resource-utilization", wf()).json();
    assertThat(json.get("resource_violations")).isEmpty();
    assertThat(json.get("over_utilization_count").asInt()).isZero();
  }

  @Test
  void refusesAnUnknownWorkflowAndARunBelowOne() {
    createWorkflow();

    CliRunner.Result unknown = cli.run("reports", "check-resource-utilization", "999");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no workflow with id 999");

    CliRunner.Result badRun = cli.run("reports", "check-resource-utilization", wf(), "-r", "0");
    assertThat(badRun.exitCode()).isEqualTo(2);
    assertThat(badRun.err()).contains("--run-id must be at least 1");
  }

  private static String line(String out, String jobName) {
    return out.lines()
        .filter(l -> l.matches("\\d+\\s+" + jobName + "\\s.*"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for " + jobName + " in\n" + out));
  }

  // ---------------------------------------------------------------------------------------------
  // help

  @Test
  void everyNewCommandExplainsItself() {
    for (String[] command :
        List.of(
            new String[] {"results", "--help"},
            new String[] {"results", "list", "--help"},
            new String[] {"jobs", "logs", "--help"},
            new String[] {"reports", "--help"},
            new String[] {"reports", "check-resource-utilization", "--help"})) {
      CliRunner.Result help = cli.run(command);
      assertThat(help.exitCode()).as(String.join(" ", command)).isZero();
      assertThat(help.out()).as(String.join(" ", command)).contains("Usage: torc");
    }
    assertThat(cli.run("--help").out()).contains("results").contains("reports");
    assertThat(cli.run("jobs", "--help").out()).contains("logs");
    assertThat(cli.run("reports", "check-resource-utilization", "--help").out())
        .contains("peak CPU > 100% per requested CPU")
        .contains("--include-failed");
    assertThat(cli.run("jobs", "logs", "--help").out())
        .contains("job_wf{W}_j{J}_r{R}_a{A}.o")
        .contains("default: output");
  }
}
