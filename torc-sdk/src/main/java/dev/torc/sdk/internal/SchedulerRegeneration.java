package dev.torc.sdk.internal;

import dev.torc.model.JobSpec;
import dev.torc.model.JobStatus;
import dev.torc.model.ResourceRequirements;
import dev.torc.model.SlurmScheduler;
import dev.torc.model.Workflow;
import dev.torc.run.NodeRequest;
import dev.torc.slurm.Slurm;
import dev.torc.slurm.hpc.HpcProfile;
import dev.torc.slurm.hpc.SchedulerPlanner;
import dev.torc.store.AllocationRecord;
import dev.torc.store.JobRecord;
import dev.torc.store.SlurmLedger;
import dev.torc.store.SlurmSchedulerRecord;
import dev.torc.store.WorkflowStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code torc slurm regenerate}: plans schedulers, with {@link SchedulerPlanner} on an HPC profile,
 * for the workflow's jobs still waiting to run, from their current (possibly resized) requirements;
 * records them beside the workflow's existing ones (names made unique), makes each the scheduler of
 * the jobs it was planned for and, when asked, submits one allocation on each.
 */
public final class SchedulerRegeneration {
  private static final Set<JobStatus> WAITING =
      EnumSet.of(JobStatus.UNINITIALIZED, JobStatus.BLOCKED, JobStatus.READY);

  /** What was created and submitted. */
  public record Result(List<SlurmSchedulerRecord> schedulers, List<String> submittedJobIds) {}

  private SchedulerRegeneration() {}

  /**
   * @param account the account to charge, or {@code null} for the profile's default, else that of
   *     the workflow's newest scheduler
   * @param databaseLocation what the allocations' workers open; needed only to submit
   * @throws IllegalArgumentException when there is no account, or a job fits no partition (one line
   *     per job, naming the limit)
   */
  public static Result regenerate(
      WorkflowStore store,
      Slurm slurm,
      long workflowId,
      HpcProfile profile,
      String account,
      boolean submit,
      String databaseLocation,
      Path outputDirectory) {
    List<JobRecord> waiting =
        store.listJobs(workflowId, null).stream()
            .filter(j -> WAITING.contains(j.status()))
            .toList();
    if (waiting.isEmpty()) {
      return new Result(List.of(), List.of());
    }
    List<SlurmSchedulerRecord> existing = slurm.listSchedulers(workflowId);
    String charged = account;
    if (charged == null) {
      charged = profile.defaultAccount();
    }
    if (charged == null && !existing.isEmpty()) {
      charged = existing.get(existing.size() - 1).scheduler().account();
    }
    if (charged == null) {
      throw new IllegalArgumentException(
          "an account is needed (--account): the workflow has no scheduler to take it from");
    }
    Workflow planned =
        SchedulerPlanner.plan(
            waitingJobs(store.getWorkflow(workflowId).name(), waiting),
            profile,
            new SchedulerPlanner.Options(
                charged,
                SchedulerPlanner.GroupBy.RESOURCE_REQUIREMENTS,
                SchedulerPlanner.WalltimeStrategy.MAX_JOB_RUNTIME,
                1.5,
                false,
                false));
    Set<String> taken = new HashSet<>();
    existing.forEach(r -> taken.add(r.scheduler().name()));
    Map<String, Long> jobIds = new HashMap<>();
    waiting.forEach(j -> jobIds.put(j.name(), j.id()));
    SlurmLedger ledger = SlurmLedger.of(store);
    List<SlurmSchedulerRecord> created = new ArrayList<>();
    for (SlurmScheduler s : planned.slurmSchedulers()) {
      String name = s.name();
      for (int i = 2; taken.contains(name); i++) {
        name = s.name() + "_" + i;
      }
      taken.add(name);
      List<Long> itsJobs =
          planned.jobs().stream()
              .filter(j -> s.name().equals(j.scheduler()))
              .map(j -> jobIds.get(j.name()))
              .toList();
      created.add(
          slurm.createScheduler(
              workflowId,
              new SlurmScheduler(
                  name,
                  s.account(),
                  s.partition(),
                  s.nodes(),
                  s.walltime(),
                  s.mem(),
                  s.gres(),
                  s.qos(),
                  s.ntasksPerNode(),
                  s.tmp(),
                  s.extra())));
      // The jobs name the scheduler whose allocation is sized for them, no longer their old one.
      ledger.assignSlurmScheduler(workflowId, itsJobs, name);
    }
    List<String> submitted = new ArrayList<>();
    if (submit) {
      for (SlurmSchedulerRecord r : created) {
        for (AllocationRecord a :
            slurm.scheduleNodes(
                new NodeRequest(
                    databaseLocation,
                    workflowId,
                    r.scheduler().name(),
                    1,
                    r.scheduler().nodes() > 1,
                    null,
                    outputDirectory))) {
          submitted.add(a.slurmJobId());
        }
      }
    }
    return new Result(created, submitted);
  }

  /** The waiting jobs as a spec, one requirements entry per distinct requirement values. */
  private static Workflow waitingJobs(String name, List<JobRecord> waiting) {
    Workflow.Builder b = Workflow.builder(name);
    Map<ResourceRequirements, String> names = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    for (JobRecord job : waiting) {
      ResourceRequirements rr =
          job.requirements() == null ? ResourceRequirements.DEFAULT : job.requirements();
      String rrName =
          names.computeIfAbsent(
              rr,
              r -> {
                String n = r.name();
                for (int i = 2; used.contains(n); i++) {
                  n = r.name() + "_" + i;
                }
                used.add(n);
                b.resourceRequirements(
                    new ResourceRequirements(
                        n, r.numCpus(), r.memory(), r.numGpus(), r.numNodes(), r.runtime()));
                return n;
              });
      b.job(
          JobSpec.builder(job.name())
              .command(job.command() == null ? "true" : job.command())
              .resourceRequirements(rrName)
              .build());
    }
    return b.build();
  }
}
