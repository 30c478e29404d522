package dev.torc.slurm;

import dev.torc.exec.MachineResources;
import dev.torc.slurm.internal.SlurmClient;
import dev.torc.store.AllocationRecord;
import dev.torc.store.RunnerInfo;
import dev.torc.store.SlurmLedger;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a torc worker inside a Slurm allocation may use: the allocation's CPUs, memory and GPUs on
 * this node (from the {@code SLURM_*} environment) and the time until the allocation ends (a job is
 * started only when its runtime ends before that). {@link #join} also records the worker with its
 * allocation, so that its jobs are settled when the allocation is gone.
 *
 * @param slurmJobId the allocation's Slurm job id
 * @param resources what jobs may use on this node
 * @param deadline when the allocation's time is up, less a margin for the worker to end
 */
public record AllocationWorker(String slurmJobId, MachineResources resources, Instant deadline) {
  private static final Logger LOG = LoggerFactory.getLogger(AllocationWorker.class);

  /** Left at the end of the allocation for the worker to record its last results. */
  static final Duration END_MARGIN = Duration.ofSeconds(15);

  /** How long a worker waits for its allocation to be recorded. */
  private static final Duration RECORD_WAIT = Duration.ofSeconds(60);

  /**
   * The bounds of the allocation this process runs in, recorded as a worker of the workflow's
   * allocation (when the store has one with this Slurm job id).
   *
   * @param env the process's environment ({@code System.getenv()})
   * @param machine what this node has, for what the environment does not say
   * @throws SlurmException when the environment names no Slurm job
   * @param store the store that holds the workflow
   * @param workflowId the workflow the worker runs jobs of
   * @return the worker, registered
   */
  public static AllocationWorker join(
      WorkflowStore store, long workflowId, Map<String, String> env, MachineResources machine) {
    String jobId = env.getOrDefault("SLURM_JOB_ID", env.get("SLURM_JOBID"));
    if (jobId == null || jobId.isBlank()) {
      throw new SlurmException(
          "not inside a Slurm allocation (SLURM_JOB_ID is not set): a worker runs in an"
              + " allocation that torc slurm schedule-nodes submitted");
    }
    MachineResources resources = resources(env, machine);
    Optional<Instant> end = SlurmClient.local().endTime(jobId);
    Instant deadline =
        end.map(e -> e.minus(END_MARGIN))
            .orElseGet(
                () -> {
                  LOG.warn("Slurm did not say when allocation {} ends; assuming one hour", jobId);
                  return Instant.now().plus(Duration.ofHours(1));
                });
    if (store instanceof SlurmLedger ledger) {
      Optional<AllocationRecord> allocation = awaitRecord(ledger, workflowId, jobId);
      if (allocation.isPresent()) {
        ledger.recordWorker(
            allocation.get().id(), new RunnerInfo(hostName(), ProcessHandle.current().pid(), null));
        ledger.updateAllocation(
            allocation.get().id(), SlurmState.RUNNING.name(), Instant.now(), null);
      } else {
        LOG.warn("allocation {} is not recorded for workflow {}", jobId, workflowId);
      }
    }
    LOG.info(
        "worker in allocation {}: {} CPUs, {} bytes, {} GPUs, until {}",
        jobId,
        resources.cpus(),
        resources.memoryBytes(),
        resources.gpus(),
        deadline);
    return new AllocationWorker(jobId, resources, deadline);
  }

  /**
   * The allocation's record: schedule-nodes records allocations once sbatch accepted them all, so a
   * worker that starts at once may come first; it waits for the record a while.
   */
  private static Optional<AllocationRecord> awaitRecord(
      SlurmLedger ledger, long workflowId, String jobId) {
    Instant giveUp = Instant.now().plus(RECORD_WAIT);
    while (true) {
      Optional<AllocationRecord> found = ledger.findAllocation(workflowId, jobId);
      if (found.isPresent() || Instant.now().isAfter(giveUp)) {
        return found;
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return found;
      }
    }
  }

  /** The allocation's resources on this node from the {@code SLURM_*} environment. */
  static MachineResources resources(Map<String, String> env, MachineResources machine) {
    int cpus =
        firstNumber(env.get("SLURM_CPUS_ON_NODE"))
            .or(() -> firstNumber(env.get("SLURM_JOB_CPUS_PER_NODE")))
            .map(Long::intValue)
            .orElse(machine.cpus());
    long memory =
        firstNumber(env.get("SLURM_MEM_PER_NODE"))
            .map(mb -> mb << 20)
            .or(() -> firstNumber(env.get("SLURM_MEM_PER_CPU")).map(mb -> (mb << 20) * cpus))
            .orElse(machine.memoryBytes());
    int gpus =
        firstNumber(env.get("SLURM_GPUS_ON_NODE"))
            .map(Long::intValue)
            .or(() -> count(env.get("SLURM_JOB_GPUS")))
            .orElse(0);
    return new MachineResources(cpus, Math.min(memory, machine.memoryBytes()), gpus);
  }

  private static Optional<Long> firstNumber(String text) {
    if (text == null) {
      return Optional.empty();
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+").matcher(text);
    return m.find() ? Optional.of(Long.parseLong(m.group())) : Optional.empty();
  }

  private static Optional<Integer> count(String list) {
    return list == null || list.isBlank() ? Optional.empty() : Optional.of(list.split(",").length);
  }

  /** The host name as runners record it. */
  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
