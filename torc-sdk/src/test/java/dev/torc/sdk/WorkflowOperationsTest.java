package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobStatus;
import dev.torc.model.SpecException;
import dev.torc.spec.SpecFormat;
import dev.torc.store.WorkflowEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Creating, planning, saving, inspecting and changing workflows through {@link Torc}. */
class WorkflowOperationsTest extends TorcTest {
  private static final String DIAMOND =
      """
      name: diamond
      description: four jobs
      jobs:
        - name: start
          command: echo start
        - name: left
          command: echo left
          depends_on: [start]
        - name: right
          command: exit 3
          depends_on: [start]
        - name: end
          command: echo end
          depends_on: [left, right]
      """;

  @Test
  void createsFromSpecTextInEveryFormatWithItsOwner() {
    String json = "{\"name\": \"j\", \"jobs\": [{\"name\": \"a\", \"command\": \"true\"}]}";
    String json5 = "{name: 'j5', jobs: [{name: 'a', command: 'true',},], // comment\n}";

    CreatedWorkflow fromJson =
        torc.createWorkflow(CreateRequest.text(json, SpecFormat.JSON).user("alice").build());
    CreatedWorkflow fromJson5 =
        torc.createWorkflow(CreateRequest.text(json5, SpecFormat.JSON5).defaultUser("bob").build());
    CreatedWorkflow fromYaml =
        torc.createWorkflow(CreateRequest.text(DIAMOND, SpecFormat.YAML).build());

    assertThat(torc.getWorkflow(fromJson.workflowId()).user()).isEqualTo("alice");
    assertThat(torc.getWorkflow(fromJson5.workflowId()).user()).isEqualTo("bob");
    assertThat(fromYaml.numJobs()).isEqualTo(4);
    assertThat(fromYaml.jobs()).extracting(j -> j.name()).contains("start", "end");
    assertThat(fromYaml.toJson())
        .containsEntry("workflow_id", fromYaml.workflowId())
        .containsEntry("status", "success")
        .containsEntry("num_jobs", 4);
    assertThat(torc.listWorkflows().workflows()).hasSize(3);
  }

  @Test
  void aDryRunValidatesAndPlansButStoresNothing() {
    CreatedWorkflow dry =
        torc.createWorkflow(CreateRequest.text(DIAMOND, SpecFormat.YAML).dryRun(true).build());

    assertThat(dry.workflowId()).isNull();
    assertThat(dry.toJson()).containsEntry("dry_run", true).containsEntry("num_jobs", 4);
    assertThat(dry.plan().stages())
        .extracting(ExecutionPlan.Stage::jobs)
        .containsExactly(List.of("start"), List.of("left", "right"), List.of("end"));
    assertThat(torc.listWorkflows().workflows()).isEmpty();
  }

  @Test
  void anInvalidSpecIsReportedAndAMissingFileRefused() {
    assertThatThrownBy(
            () ->
                torc.createWorkflow(
                    CreateRequest.text(
                            "name: bad\njobs:\n  - name: a\n    command: x\n    depends_on: [zz]\n",
                            SpecFormat.YAML)
                        .build()))
        .isInstanceOf(SpecException.class)
        .hasMessageContaining("zz");
    assertThatThrownBy(
            () -> torc.createWorkflow(CreateRequest.spec(dir.resolve("nope.yaml")).build()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("spec file not found");
    assertThat(torc.listWorkflows().workflows()).isEmpty();
  }

  @Test
  void theExecutionPlanOfAStoredWorkflowFollowsItsStatuses() {
    long wf = fx.create(DIAMOND);
    assertThat(torc.executionPlan(wf).stages()).hasSize(3);

    fx.run(wf);

    // start and left completed, right failed and end was canceled: nothing is left to plan.
    ExecutionPlan after = torc.executionPlan(wf);
    assertThat(after.totalJobs()).isZero();
    assertThat(after.stages()).isEmpty();
    torc.resetStatus(wf, true, "user test", "try again");
    ExecutionPlan reset = torc.executionPlan(wf);
    assertThat(reset.stages())
        .extracting(ExecutionPlan.Stage::jobs)
        .containsExactly(List.of("right"), List.of("end"));
    assertThat(reset.toJson()).containsEntry("workflow_id", wf).containsEntry("total_stages", 2);
  }

  @Test
  void aPlanOfALongChainIsComputedStageByStage() {
    StringBuilder yaml =
        new StringBuilder("name: chain\njobs:\n  - name: j0\n    command: 'true'\n");
    for (int i = 1; i < 2000; i++) {
      yaml.append("  - name: j")
          .append(i)
          .append("\n    command: 'true'\n    depends_on: [j")
          .append(i - 1)
          .append("]\n");
    }
    CreatedWorkflow dry =
        torc.createWorkflow(
            CreateRequest.text(yaml.toString(), SpecFormat.YAML).dryRun(true).build());
    assertThat(dry.plan().stages()).hasSize(2000);
    assertThat(dry.plan().stages().get(1999).jobs()).containsExactly("j1999");
  }

  @Test
  void statusAndSummaryCountJobsAndNameTheFailures() {
    long wf = fx.create(DIAMOND);
    fx.run(wf);

    WorkflowStatus status = torc.status(wf);
    assertThat(status.totalJobs()).isEqualTo(4);
    assertThat(status.count(JobStatus.COMPLETED)).isEqualTo(2);
    assertThat(status.complete()).isTrue();
    assertThat(status.toJson())
        .containsOnlyKeys(
            "workflow_id", "name", "run_id", "total_jobs", "is_complete", "job_counts");

    WorkflowSummary summary = torc.summary(wf);
    Map<String, Object> json = summary.toJson();
    assertThat(json)
        .containsEntry("name", "diamond")
        .containsEntry("description", "four jobs")
        .containsEntry("total_jobs", 4)
        .containsEntry("failed_job_count", 2)
        .containsEntry("pending_failed_count", 0)
        .containsEntry("results_count", 3);
    FailedJobs failed = torc.failedJobs(wf);
    assertThat(failed.jobs())
        .extracting(FailedJob::name, FailedJob::status, FailedJob::returnCode)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("right", JobStatus.FAILED, 3),
            org.assertj.core.groups.Tuple.tuple("end", JobStatus.CANCELED, null));
  }

  @Test
  void resetCancelAndReinitializeNameWhoAskedAndWhy() {
    long wf = fx.create(DIAMOND);
    fx.run(wf);

    ResetOutcome reset = torc.resetStatus(wf, true, "mcp:claude", "the input is fixed");
    torc.cancel(wf, "user alice", "wrong input");

    assertThat(reset.resetJobs()).isEqualTo(2);
    assertThat(torc.status(wf).count(JobStatus.CANCELED)).isEqualTo(2);
    assertThat(torc.events(wf, Torc.EVENT_REQUEST).events())
        .extracting(WorkflowEvent::message)
        .containsExactly(
            "reset 2 unsuccessful or downstream jobs by mcp:claude: the input is fixed",
            "canceled the workflow by user alice: wrong input");
  }

  @Test
  void unknownWorkflowsAreRefusedEverywhere() {
    long wf = fx.create(DIAMOND);
    long unknown = wf + 100;
    List<Runnable> calls =
        List.of(
            () -> torc.status(unknown),
            () -> torc.summary(unknown),
            () -> torc.getWorkflow(unknown),
            () -> torc.executionPlan(unknown),
            () -> torc.events(unknown, null),
            () -> torc.listJobs(unknown, null, Page.first()),
            () -> torc.failedJobs(unknown),
            () -> torc.pendingFailedJobs(unknown, fx.out, 10),
            () -> torc.results(ResultQuery.workflow(unknown).build()),
            () -> torc.resourceUtilization(new UtilizationQuery(unknown, null, true, true)),
            () -> torc.analyzeLogs(unknown, fx.out),
            () -> torc.resetStatus(unknown, false, "t", "r"),
            () -> torc.cancel(unknown, "t", "r"),
            () -> torc.deleteWorkflows(List.of(wf, unknown)),
            () -> torc.run(unknown, RunRequest.of(fx.options())),
            () -> torc.recover(unknown, RecoverRequest.builder().build()));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage("no workflow with id " + unknown);
    }
    assertThat(torc.listWorkflows().workflows()).hasSize(1);
    assertThat(torc.status(wf).count(JobStatus.READY)).isEqualTo(1);
  }

  @Test
  void aSpecIsSavedOnlyAsANewFileUnderTheRoot() throws IOException {
    SavedSpec saved = torc.saveSpec(DIAMOND, Path.of("specs/diamond.yaml"));

    assertThat(saved.path()).isEqualTo(dir.toAbsolutePath().resolve("specs/diamond.yaml"));
    assertThat(Files.readString(saved.path())).isEqualTo(DIAMOND);

    assertThatThrownBy(
            () -> torc.saveSpec("name: other\njobs: []\n", Path.of("specs/diamond.yaml")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("exists");
    assertThat(Files.readString(saved.path())).isEqualTo(DIAMOND);
  }

  @Test
  void aSpecIsNeverSavedOutsideTheRoot() throws IOException {
    Path outside = Files.createDirectories(dir.resolveSibling(dir.getFileName() + "-outside"));
    Files.createSymbolicLink(dir.resolve("escape"), outside);

    for (Path path :
        List.of(
            Path.of("../x.yaml"),
            Path.of("specs/../../x.yaml"),
            outside.resolve("x.yaml"),
            Path.of("escape/x.yaml"))) {
      assertThatThrownBy(() -> torc.saveSpec(DIAMOND, path))
          .as(path.toString())
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("outside");
    }
    assertThat(outside).isEmptyDirectory();
    assertThat(dir.resolveSibling("x.yaml")).doesNotExist();
  }

  @Test
  void anInvalidSpecIsNotSaved() {
    assertThatThrownBy(() -> torc.saveSpec("name: x\njobs: 3\n", Path.of("bad.yaml")))
        .isInstanceOf(SpecException.class);
    assertThat(dir.resolve("bad.yaml")).doesNotExist();
  }
}
