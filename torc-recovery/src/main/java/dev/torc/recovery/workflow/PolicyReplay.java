package dev.torc.recovery.workflow;

import dev.torc.model.JobStatus;
import dev.torc.model.Memory;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.policy.Resizing;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Replays a {@link WhatIfPolicy} over a workflow's recorded failures, as {@code torc recover
 * --what-if} does, and tells per job what the policy would have done: its actions, the attempts it
 * would take and the state it would end in. It only reads the store.
 *
 * <p>Each job's recorded attempts (all runs) say how it behaves. From its first failed attempt on,
 * the policy decides as workflow recovery does ({@link WorkflowRecovery}: permanent failures stop,
 * unknown ones wait for a person or an agent unless retried, resource failures are resized, the
 * retry causes run again, budgets and passes bound it all). A retry that changes nothing has the
 * outcome of the job's next recorded attempt. A resized retry completes when its memory reaches the
 * peak and its runtime the time of an attempt of the job that completed, else it is killed at its
 * new limit. When the record cannot tell (no further attempt, or the job never completed), the job
 * ends {@code unknown}. Failure handlers' retries within a run are not replayed: every failed
 * attempt is the policy's to decide.
 */
public final class PolicyReplay {
  private PolicyReplay() {}

  /** The end state of a job whose outcome the record cannot tell. */
  public static final String UNKNOWN = "unknown";

  /**
   * What the policy would have done with one job.
   *
   * @param jobId the job
   * @param name its name
   * @param firstCause the cause of its first failed attempt
   * @param actions what the policy does, in order, such as {@code resize memory 100m -> 600m}
   * @param attempts the attempts it would take
   * @param resizes how many of its retries change its resources
   * @param finalState {@code completed}, {@code failed}, {@code pending_failed} or {@value
   *     #UNKNOWN}
   * @param requirement its memory requirement at the end, as printed
   * @param recordedState the status it has in the store
   * @param recordedAttempts the attempts the store recorded
   */
  public record JobReplay(
      long jobId,
      String name,
      String firstCause,
      List<String> actions,
      int attempts,
      int resizes,
      String finalState,
      String requirement,
      String recordedState,
      int recordedAttempts) {
    /**
     * Checks the values.
     *
     * @param jobId the job
     * @param name its name
     * @param firstCause the cause of its first failed attempt
     * @param actions what the policy does, in order, such as {@code resize memory 100m -> 600m}
     * @param attempts the attempts it would take
     * @param resizes how many of its retries change its resources
     * @param finalState {@code completed}, {@code failed}, {@code pending_failed} or {@value
     *     #UNKNOWN}
     * @param requirement its memory requirement at the end, as printed
     * @param recordedState the status it has in the store
     * @param recordedAttempts the attempts the store recorded
     */
    public JobReplay {
      actions = List.copyOf(actions);
    }
  }

  /**
   * The replay of a workflow.
   *
   * @param workflowId the workflow
   * @param policy the policy replayed
   * @param jobs the jobs that failed at least once, by id
   * @param neverFailed how many jobs never failed
   */
  public record Report(
      long workflowId, WhatIfPolicy policy, List<JobReplay> jobs, int neverFailed) {
    /**
     * Copies the lists.
     *
     * @param workflowId the workflow
     * @param policy the policy replayed
     * @param jobs the jobs that failed at least once, by id
     * @param neverFailed how many jobs never failed
     */
    public Report {
      jobs = List.copyOf(jobs);
    }

    /**
     * How many of the replayed jobs end in this state.
     *
     * @param state where the policies keep durable state
     * @return how many of the replayed jobs end in this state
     */
    public long count(String state) {
      return jobs.stream().filter(j -> j.finalState().equals(state)).count();
    }

    /**
     * The attempts the policy would take, summed over the replayed jobs.
     *
     * @return the attempts the policy would take, summed over the replayed jobs
     */
    public int attempts() {
      return jobs.stream().mapToInt(JobReplay::attempts).sum();
    }

    /**
     * The attempts the store recorded, summed over the replayed jobs.
     *
     * @return the attempts the store recorded, summed over the replayed jobs
     */
    public int recordedAttempts() {
      return jobs.stream().mapToInt(JobReplay::recordedAttempts).sum();
    }
  }

  /** One recorded attempt as the replay sees it. */
  private record Attempt(boolean completed, FailureCause cause, Long peakBytes) {}

  /**
   * Replays the policy over the workflow's record.
   *
   * @param store the store
   * @param workflowId the workflow
   * @param policy the policy
   * @return what the policy would have done
   */
  public static Report replay(WorkflowStore store, long workflowId, WhatIfPolicy policy) {
    Objects.requireNonNull(policy, "policy");
    Map<Long, List<JobResult>> results = new HashMap<>();
    store.listResults(workflowId).stream()
        .sorted(Comparator.comparingInt(JobResult::runId).thenComparingInt(JobResult::attemptId))
        .forEach(r -> results.computeIfAbsent(r.jobId(), id -> new ArrayList<>()).add(r));
    Map<String, FailureInfo> records = new HashMap<>();
    for (FailureInfo f : store.listFailureRecords(workflowId)) {
      records.put(f.jobId() + "/" + f.runId() + "/" + f.attemptId(), f);
    }
    List<JobReplay> replays = new ArrayList<>();
    int neverFailed = 0;
    for (JobRecord job : store.listJobs(workflowId, null)) {
      List<JobResult> attempts = results.getOrDefault(job.id(), List.of());
      int first = firstFailure(attempts);
      if (first < 0) {
        neverFailed++;
        continue;
      }
      replays.add(new JobRun(job, attempts, records, policy).replay(first));
    }
    return new Report(workflowId, policy, replays, neverFailed);
  }

  private static int firstFailure(List<JobResult> attempts) {
    for (int i = 0; i < attempts.size(); i++) {
      if (attempts.get(i).status() != JobStatus.COMPLETED) {
        return i;
      }
    }
    return -1;
  }

  /** One job's replay. */
  private static final class JobRun {
    private final JobRecord job;
    private final List<JobResult> recorded;
    private final Map<String, FailureInfo> records;
    private final WhatIfPolicy policy;
    private final Long neededBytes;
    private final Duration neededRuntime;
    private final List<String> actions = new ArrayList<>();
    private final Map<FailureCause, Integer> used = new EnumMap<>(FailureCause.class);

    JobRun(
        JobRecord job,
        List<JobResult> recorded,
        Map<String, FailureInfo> records,
        WhatIfPolicy policy) {
      this.job = job;
      this.recorded = recorded;
      this.records = records;
      this.policy = policy;
      JobResult done =
          recorded.stream()
              .filter(r -> r.status() == JobStatus.COMPLETED)
              .reduce((a, b) -> b)
              .orElse(null);
      this.neededBytes = done == null ? null : done.peakMemoryBytes();
      this.neededRuntime =
          done == null ? null : Duration.ofMillis((long) (done.execTimeMinutes() * 60_000));
    }

    JobReplay replay(int first) {
      FailureInfo firstRecord = record(recorded.get(first));
      Memory memory =
          firstRecord != null && firstRecord.memoryLimitBytes() != null
              ? Memory.ofBytes(firstRecord.memoryLimitBytes())
              : job.requirements().memory();
      Duration runtime =
          firstRecord != null && firstRecord.runtimeLimitSeconds() != null
              ? Duration.ofMillis((long) (firstRecord.runtimeLimitSeconds() * 1000))
              : job.requirements().runtime();
      Memory killedAt = null;
      boolean hadHeadroom = false;
      int next = first;
      Attempt current = attempt(recorded.get(first));
      FailureCause firstCause = current.cause();
      int attempts = first + 1;
      int passes = 0;
      int resizes = 0;
      String state;
      while (true) {
        if (current.completed()) {
          state = "completed";
          if (killedAt != null && neededBytes != null) {
            Memory sized = policy.oomSizing().rightSize(killedAt, memory, neededBytes);
            if (!sized.equals(memory)) {
              actions.add("right-size memory " + memory + " -> " + sized);
              memory = sized;
            }
          }
          break;
        }
        FailureCause cause = current.cause();
        String stop = refusal(cause, passes);
        if (stop != null) {
          actions.add(stop);
          state =
              cause == FailureCause.UNKNOWN && stop.startsWith("leave")
                  ? "pending_failed"
                  : "failed";
          break;
        }
        boolean resized = false;
        if (cause == FailureCause.OOM) {
          Long max = policy.maxMemory() == null ? null : policy.maxMemory().bytes();
          Memory grown =
              policy
                  .oomSizing()
                  .retry(memory, current.peakBytes(), policy.memoryMultiplier(), hadHeadroom, max);
          if (max != null && grown.bytes() > max) {
            actions.add("stop: memory " + grown + " exceeds the " + policy.maxMemory() + " limit");
            state = "failed";
            break;
          }
          boolean headroom = policy.oomSizing().headroom() && !hadHeadroom;
          actions.add("resize memory " + memory + " -> " + grown + (headroom ? " (headroom)" : ""));
          if (headroom) {
            hadHeadroom = true;
            killedAt = memory;
          }
          memory = grown;
          resized = true;
        } else if (cause == FailureCause.TIMEOUT) {
          Duration grown = Resizing.runtime(runtime, policy.runtimeMultiplier());
          if (policy.maxRuntime() != null && grown.compareTo(policy.maxRuntime()) > 0) {
            actions.add("stop: runtime " + grown + " exceeds the limit " + policy.maxRuntime());
            state = "failed";
            break;
          }
          actions.add("resize runtime " + runtime + " -> " + grown);
          runtime = grown;
          resized = true;
        } else {
          actions.add("retry " + cause.label() + " failure unchanged");
        }
        used.merge(cause, 1, Integer::sum);
        passes++;
        attempts++;
        if (resized) {
          resizes++;
          current = resizedOutcome(cause, memory, runtime);
          if (current == null) {
            actions.add("outcome unknown: the job never completed in the record");
            state = UNKNOWN;
            break;
          }
        } else {
          next++;
          if (next >= recorded.size()) {
            actions.add("outcome unknown: the record has no attempt " + attempts);
            state = UNKNOWN;
            break;
          }
          current = attempt(recorded.get(next));
        }
      }
      return new JobReplay(
          job.id(),
          job.name(),
          firstCause.label(),
          actions,
          attempts,
          resizes,
          state,
          memory.text(),
          job.status().label(),
          recorded.size());
    }

    /** Why the policy does not run the job again after a failure of this cause, or null. */
    private String refusal(FailureCause cause, int passes) {
      if (cause == FailureCause.PERMANENT) {
        return "stop: permanent failure";
      }
      boolean reruns =
          cause == FailureCause.OOM
              || cause == FailureCause.TIMEOUT
              || policy.retryCauses().contains(cause)
              || (cause == FailureCause.UNKNOWN && policy.retryUnknown());
      if (!reruns) {
        return cause == FailureCause.UNKNOWN
            ? "leave: unknown failure, awaits a person or an agent"
            : "stop: " + cause.label() + " failures are not retried";
      }
      Integer budget = policy.budget(cause);
      int spent = used.getOrDefault(cause, 0);
      if (budget != null && spent >= budget) {
        return "stop: retry budget for "
            + cause.label()
            + " used up ("
            + spent
            + " of "
            + budget
            + ")";
      }
      if (passes >= policy.maxPasses()) {
        return "stop: " + policy.maxPasses() + " recovery passes used up";
      }
      return null;
    }

    /**
     * The outcome of a retry with new resources: completes when they reach what a completed attempt
     * used, else is killed at the new limit; null when the job never completed in the record.
     */
    private Attempt resizedOutcome(FailureCause cause, Memory memory, Duration runtime) {
      if (cause == FailureCause.OOM) {
        if (neededBytes == null) {
          return null;
        }
        return neededBytes <= memory.bytes()
            ? new Attempt(true, null, neededBytes)
            : new Attempt(false, FailureCause.OOM, memory.bytes());
      }
      if (neededRuntime == null) {
        return null;
      }
      return neededRuntime.compareTo(runtime) <= 0
          ? new Attempt(true, null, neededBytes)
          : new Attempt(false, FailureCause.TIMEOUT, null);
    }

    private Attempt attempt(JobResult r) {
      if (r.status() == JobStatus.COMPLETED) {
        return new Attempt(true, null, r.peakMemoryBytes());
      }
      FailureInfo record = record(r);
      FailureCause cause =
          record != null
              ? FailureCause.valueOf(record.cause().toUpperCase(Locale.ROOT))
              : FailureDiagnosis.diagnose(job, r, null).cause();
      return new Attempt(false, cause, r.peakMemoryBytes());
    }

    private FailureInfo record(JobResult r) {
      return records.get(r.jobId() + "/" + r.runId() + "/" + r.attemptId());
    }
  }
}
