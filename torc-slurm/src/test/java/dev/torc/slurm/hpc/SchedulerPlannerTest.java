package dev.torc.slurm.hpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.JobSpec;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import dev.torc.model.WorkflowAction;
import dev.torc.spec.SpecFormat;
import dev.torc.spec.WorkflowSpecs;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchedulerPlannerTest {
  private static final HpcProfile KESTREL = HpcProfiles.load(null).get("kestrel");

  private static Path golden(String name) throws URISyntaxException {
    return Path.of(SchedulerPlannerTest.class.getResource("golden/" + name).toURI());
  }

  /**
   * Compares the plan of {@code golden/NAME.yaml} with {@code golden/NAME.OPTIONS.out.yaml}; with
   * {@code -Dtorc.update-golden=true} writes the file instead (review it before committing).
   */
  private static void assertGolden(String name, String variant, SchedulerPlanner.Options options)
      throws Exception {
    Workflow planned =
        SchedulerPlanner.plan(WorkflowSpecs.load(golden(name + ".yaml")), KESTREL, options);
    String actual = WorkflowSpecs.write(planned, SpecFormat.YAML);
    Path expected = golden(name + ".yaml").resolveSibling(name + "." + variant + ".out.yaml");
    if (Boolean.getBoolean("torc.update-golden")) {
      Path source =
          Path.of(
              "src/test/resources/dev/torc/slurm/hpc/golden", expected.getFileName().toString());
      Files.writeString(source, actual);
      return;
    }
    assertThat(actual).isEqualTo(Files.readString(expected));
    // What is generated loads as a spec again and plans the same.
    Workflow again = WorkflowSpecs.parse(actual, SpecFormat.YAML, "generated");
    assertThat(again.slurmSchedulers()).isEqualTo(planned.slurmSchedulers());
    assertThat(again.actions()).isEqualTo(planned.actions());
  }

  @Test
  void groupsByResourceRequirementsWithStagedActions() throws Exception {
    assertGolden("pipeline", "default", SchedulerPlanner.Options.defaults("acct"));
  }

  @Test
  void groupsByPartitionWithThePartitionsWalltimeAndOneAllocationEach() throws Exception {
    assertGolden(
        "pipeline",
        "partition",
        new SchedulerPlanner.Options(
            "acct",
            SchedulerPlanner.GroupBy.PARTITION,
            SchedulerPlanner.WalltimeStrategy.MAX_PARTITION_TIME,
            1.5,
            true,
            true));
  }

  @Test
  void withoutActionsOnlySchedulersAreAdded() throws Exception {
    assertGolden(
        "pipeline",
        "noactions",
        new SchedulerPlanner.Options(
            "acct",
            SchedulerPlanner.GroupBy.RESOURCE_REQUIREMENTS,
            SchedulerPlanner.WalltimeStrategy.MAX_JOB_RUNTIME,
            2.0,
            false,
            false));
  }

  @Test
  void theKeyNumbersOfAPlan() throws Exception {
    Workflow planned =
        SchedulerPlanner.plan(
            WorkflowSpecs.load(golden("pipeline.yaml")),
            KESTREL,
            SchedulerPlanner.Options.defaults("acct"));
    assertThat(planned.slurmSchedulers())
        .extracting(SlurmScheduler::name, SlurmScheduler::partition, SlurmScheduler::walltime)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("small_scheduler", "short", "00:45:00"),
            org.assertj.core.groups.Tuple.tuple("medium_deferred_scheduler", "short", "03:00:00"),
            org.assertj.core.groups.Tuple.tuple("gpu_deferred_scheduler", "gpu-h100s", "04:00:00"),
            org.assertj.core.groups.Tuple.tuple("small_deferred_scheduler", "short", "00:45:00"));
    assertThat(planned.slurmSchedulers().get(2).gres()).isEqualTo("gpu:1");
    WorkflowAction first = planned.actions().get(1);
    assertThat(first.trigger()).isEqualTo(WorkflowAction.Trigger.ON_WORKFLOW_START);
    assertThat(first.scheduler()).isEqualTo("small_scheduler");
    WorkflowAction work = planned.actions().get(2);
    assertThat(work.trigger()).isEqualTo(WorkflowAction.Trigger.ON_JOBS_READY);
    assertThat(work.jobs()).hasSize(30).first().isEqualTo("work_1");
    // 30 jobs of 8 CPUs: 13 at once on a 104-CPU node, one 2 h slot in a 4 h partition... per node
    // 13 x 2 = 26 jobs, so 2 one-node allocations.
    assertThat(work.numAllocations()).isEqualTo(2);
    assertThat(planned.job("work_7").orElseThrow().scheduler())
        .isEqualTo("medium_deferred_scheduler");
    // The workflow's own run_commands action is kept, first.
    assertThat(planned.actions().get(0).type()).isEqualTo(WorkflowAction.Type.RUN_COMMANDS);
  }

  @Test
  void aJobThatFitsNoPartitionIsAnErrorNamingTheLimit() {
    Workflow w =
        Workflow.builder("w")
            .resourceRequirements(
                ResourceRequirements.builder("huge").numCpus(4).memory("3t").build())
            .resourceRequirements(
                ResourceRequirements.builder("forever")
                    .numCpus(1)
                    .memory("1g")
                    .runtime("P30D")
                    .build())
            .job(JobSpec.builder("a").command("true").resourceRequirements("huge").build())
            .job(JobSpec.builder("b").command("true").resourceRequirements("forever").build())
            .build();
    assertThatThrownBy(
            () -> SchedulerPlanner.plan(w, KESTREL, SchedulerPlanner.Options.defaults("acct")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            String.join(
                "\n",
                List.of(
                    "job 'a' (resource requirements 'huge') fits no partition of HPC profile"
                        + " kestrel: memory 3t > 2000000m per node of partition bigmeml",
                    "job 'b' (resource requirements 'forever') fits no partition of HPC profile"
                        + " kestrel: runtime 30-00:00:00 > max walltime 10-00:00:00 of partition"
                        + " bigmeml")));
  }

  @Test
  void theOptionsRefuseNonsense() {
    assertThatThrownBy(() -> SchedulerPlanner.Options.defaults(" "))
        .hasMessageContaining("account");
    assertThatThrownBy(
            () ->
                new SchedulerPlanner.Options(
                    "a",
                    SchedulerPlanner.GroupBy.PARTITION,
                    SchedulerPlanner.WalltimeStrategy.MAX_JOB_RUNTIME,
                    0,
                    true,
                    false))
        .hasMessageContaining("multiplier");
  }

  @Test
  void generatesForTheOriginalsExample() throws IOException {
    Workflow w =
        WorkflowSpecs.parse(
            """
            name: demo
            resource_requirements:
              - {name: small, num_cpus: 2, memory: 4g, runtime: PT30M}
              - {name: medium, num_cpus: 8, memory: 16g, runtime: PT2H}
            jobs:
              - {name: setup, command: 'true', resource_requirements: small}
              - {name: process1, command: 'true', depends_on: [setup], resource_requirements: medium}
              - {name: finalize, command: 'true', depends_on: [process1], resource_requirements: small}
            slurm_schedulers:
              - {name: old, account: x}
            actions:
              - {trigger_type: on_workflow_start, action_type: schedule_nodes, scheduler: old, scheduler_type: slurm}
            """,
            SpecFormat.YAML,
            "demo.yaml");
    Workflow planned = SchedulerPlanner.plan(w, KESTREL, SchedulerPlanner.Options.defaults("acct"));
    assertThat(planned.slurmSchedulers())
        .extracting(SlurmScheduler::name)
        .containsExactly(
            "small_scheduler", "medium_deferred_scheduler", "small_deferred_scheduler");
    assertThat(planned.actions())
        .extracting(WorkflowAction::scheduler)
        .containsExactly(
            "small_scheduler", "medium_deferred_scheduler", "small_deferred_scheduler");
  }
}
