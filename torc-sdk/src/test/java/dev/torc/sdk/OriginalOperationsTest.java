package dev.torc.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobStatus;
import dev.torc.spec.SpecFormat;
import dev.torc.store.JobRecord;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The operations behind the original torc's commands: list queries, job references, completion,
 * initialize, reset with reinitialize, resource corrections, reports, files, user data and resource
 * requirements.
 */
class OriginalOperationsTest extends TorcTest {
  private static final String SPEC =
      """
      name: original
      resource_requirements:
        - name: small
          num_cpus: 1
          memory: 64m
          runtime: PT10M
        - name: other
          num_cpus: 1
          memory: 32m
          runtime: PT5M
      files:
        - name: a
          path: %s/a.txt
      user_data:
        - name: cfg
          data: {x: 1}
      jobs:
        - name: make
          command: echo hi > ${files.output.a}
          resource_requirements: small
        - name: use
          command: cat ${files.input.a}
          resource_requirements: small
        - name: killed
          command: kill -9 $$
          resource_requirements: other
          depends_on: [make]
      """;

  private long createAndRun() {
    long id = fx.create(SPEC.formatted(dir));
    fx.run(id);
    return id;
  }

  @Test
  void listQueriesSortCutAndReverseByAJsonField() {
    long id = fx.create(SPEC.formatted(dir));

    JobPage byName = torc.jobs(id, null, new ListQuery(2, 0, "name", false));
    JobPage reversed = torc.jobs(id, null, new ListQuery(10, 1, "name", true));

    assertThat(byName.jobs()).extracting(JobRecord::name).containsExactly("killed", "make");
    assertThat(byName.total()).isEqualTo(3);
    assertThat(reversed.jobs()).extracting(JobRecord::name).containsExactly("make", "killed");
    assertThat(torc.jobs(id, JobStatus.BLOCKED, ListQuery.all()).jobs())
        .extracting(JobRecord::name)
        .containsExactly("use", "killed");
    assertThatThrownBy(() -> torc.jobs(id, null, new ListQuery(10, 0, "nope", false)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("cannot sort by 'nope'")
        .hasMessageContaining("attempt_id");
    assertThatThrownBy(() -> new ListQuery(0, 0, null, false))
        .isInstanceOf(InvalidRequestException.class);
    assertThatThrownBy(() -> new ListQuery(10, -1, null, false))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void jobJsonCarriesTheOriginalIdsNextToNames() {
    long id = fx.create(SPEC.formatted(dir));
    Map<String, JobRecord> jobs = fx.jobs(id);
    long make = jobs.get("make").id();

    Map<String, Object> use = torc.job(jobs.get("use").id()).toJson();
    Map<String, Object> killed = torc.job(jobs.get("killed").id()).toJson();

    assertThat(use)
        .containsEntry("depends_on", List.of("make"))
        .containsEntry("depends_on_job_ids", List.of(make))
        .containsEntry("resource_requirements_id", make);
    assertThat(killed).containsEntry("resource_requirements_id", jobs.get("killed").id());
    assertThat(List.copyOf(use.keySet()))
        .containsSubsequence("depends_on", "depends_on_job_ids")
        .containsSubsequence("resource_requirements", "resource_requirements_id");
  }

  @Test
  void workflowsAreListedForTheirOwnerAndThoseWithoutOne() {
    String spec = "{\"name\": \"w\", \"jobs\": [{\"name\": \"a\", \"command\": \"true\"}]}";
    long alice = create(spec, "alice");
    long bob = create(spec, "bob");
    long nobody =
        torc.createWorkflow(CreateRequest.text(spec, SpecFormat.JSON).build()).workflowId();

    assertThat(ids(torc.listWorkflows("alice", ListQuery.all()))).containsExactly(alice, nobody);
    assertThat(ids(torc.listWorkflows(null, ListQuery.all()))).containsExactly(alice, bob, nobody);
    assertThat(ids(torc.listWorkflows(null, new ListQuery(10, 0, "user", true))))
        .containsExactly(nobody, bob, alice);
  }

  private long create(String spec, String user) {
    return torc.createWorkflow(CreateRequest.text(spec, SpecFormat.JSON).user(user).build())
        .workflowId();
  }

  private static List<Long> ids(WorkflowList list) {
    return list.workflows().stream().map(w -> w.id()).toList();
  }

  @Test
  void completionSummaryAndResultsReportAfterARun() {
    long id = fx.create(SPEC.formatted(dir));
    assertThat(torc.isComplete(id).complete()).isFalse();

    fx.run(id);

    assertThat(torc.isComplete(id).toJson())
        .containsEntry("is_complete", true)
        .containsEntry("is_canceled", false);
    Map<String, Object> summary = torc.summary(id).toJson();
    assertThat(summary)
        .containsEntry("workflow_name", "original")
        .containsEntry("total_jobs", 3)
        .containsKeys("jobs_by_status", "total_exec_time_minutes", "total_exec_time_formatted");
    @SuppressWarnings("unchecked")
    Map<String, Object> byStatus = (Map<String, Object>) summary.get("jobs_by_status");
    assertThat(byStatus).containsEntry("completed", 2).containsEntry("failed", 1);
    ResultsReport report = torc.resultsReport(id, fx.out, false);
    assertThat(report.entries()).hasSize(3);
    assertThat(report.entries())
        .allSatisfy(e -> assertThat(Files.isRegularFile(e.stdout())).isTrue());
    assertThat(torc.resultsReport(id, dir.resolve("elsewhere"), false).entries())
        .allSatisfy(e -> assertThat(e.stdout()).isNull());
    assertThat(torc.workflowsWithLogs(fx.out)).containsExactly(id);
    assertThat(torc.workflowsWithLogs(dir.resolve("none"))).isEmpty();
  }

  @Test
  void correctResourcesRaisesTheRequirementsOfJobsThatLikelyRanOutOfMemory() {
    long id = createAndRun();
    JobRecord killed = fx.jobs(id).get("killed");
    assertThat(killed.status()).isEqualTo(JobStatus.FAILED);

    ResourceCorrections dry = torc.correctResources(id, 2.0, 1.2, null, true, "test");

    assertThat(dry.adjustments()).hasSize(1);
    ResourceCorrections.Adjustment a = dry.adjustments().get(0);
    assertThat(a.requirementsId()).isEqualTo(killed.id());
    assertThat(a.originalMemory()).isEqualTo("32m");
    assertThat(a.newMemory()).isEqualTo("64m");
    assertThat(fx.jobs(id).get("killed").requirements().memory().text()).isEqualTo("32m");

    ResourceCorrections applied = torc.correctResources(id, 2.0, 1.2, null, false, "test");

    assertThat(applied.toJson()).containsEntry("memory_corrections", 1L);
    assertThat(fx.jobs(id).get("killed").requirements().memory().text()).isEqualTo("64m");
    assertThat(fx.jobs(id).get("make").requirements().memory().text()).isEqualTo("64m");
    assertThat(torc.events(id, Torc.EVENT_REQUEST).events())
        .anySatisfy(e -> assertThat(e.message()).contains("corrected resource requirements"));
  }

  @Test
  void resetWithReinitializeStartsANewRunAndInitializeResetsEveryJob() {
    long id = createAndRun();

    ResetReport report = torc.resetStatus(id, true, true, "test", "test");

    assertThat(report.reset().resetJobs()).isEqualTo(1);
    assertThat(report.reinitialized().runId()).isEqualTo(2);
    assertThat(torc.getWorkflow(id).runId()).isEqualTo(2);
    assertThat(report.toJson()).containsKey("reinitialized");
    assertThat(torc.initialize(id, true, "test").resetJobs()).isEqualTo(3);
    torc.initialize(id, false, "test");
    assertThat(fx.jobs(id).values())
        .extracting(JobRecord::status)
        .containsOnly(JobStatus.READY, JobStatus.BLOCKED);
  }

  @Test
  void filesUserDataAndResourceRequirementsAreListedAndRequirementsUpdated() {
    long id = createAndRun();
    Map<String, JobRecord> jobs = fx.jobs(id);
    long make = jobs.get("make").id();

    Listed files = torc.files(id, null, ListQuery.all());
    assertThat(files.items()).hasSize(1);
    assertThat(files.items().get(0))
        .containsEntry("name", "a")
        .containsEntry("produced_by_job_ids", List.of(make))
        .containsEntry("consumed_by_job_ids", List.of(jobs.get("use").id()));
    assertThat(files.items().get(0).get("st_mtime")).isNotNull();
    assertThat(torc.files(id, jobs.get("use").id(), ListQuery.all()).items()).isEmpty();
    assertThat(torc.userData(id, "cfg", ListQuery.all()).items().get(0))
        .containsEntry("data", Map.of("x", 1));
    Listed rr = torc.resourceRequirements(id, ListQuery.all());
    assertThat(rr.items())
        .extracting(m -> m.get("id"))
        .containsExactly(make, jobs.get("killed").id());

    Map<String, Object> updated =
        torc.updateResourceRequirements(make, null, 2, null, null, "128m", "PT20M", "test");

    assertThat(updated).containsEntry("jobs_updated", 2).containsEntry("memory", "128m");
    assertThat(fx.jobs(id).get("use").requirements().numCpus()).isEqualTo(2);
    assertThat(torc.resourceRequirement(make)).containsEntry("runtime", "PT20M");
    assertThatThrownBy(() -> torc.resourceRequirement(jobs.get("use").id()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no resource requirements with id");
    assertThatThrownBy(
            () -> torc.updateResourceRequirements(make, null, null, null, null, "lots", null, "t"))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void eventsAfterAnIdAreOnlyTheNewOnes() {
    long id = fx.create(SPEC.formatted(dir));
    List<dev.torc.store.WorkflowEvent> before = torc.events(id, null).events();
    long last = before.get(before.size() - 1).id();

    torc.cancel(id, "test", "test");

    assertThat(torc.eventsAfter(id, null, last).events())
        .isNotEmpty()
        .allSatisfy(e -> assertThat(e.id()).isGreaterThan(last));
    assertThat(torc.events(id, null, new ListQuery(1, 0, "id", true)).events())
        .extracting(e -> e.id())
        .containsExactly(
            torc.eventsAfter(id, null, 0).events().stream()
                .mapToLong(e -> e.id())
                .max()
                .getAsLong());
  }
}
