package dev.torc.run;

import dev.torc.model.FileSpec;
import dev.torc.model.JobStatus;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which jobs of a workflow must run again in a new run, and starts that run: jobs that did
 * not complete, completed jobs whose output files are missing or whose input files changed after
 * they completed, and everything downstream of those.
 */
public final class Reinitialization {

  /**
   * A job that will run again, and why.
   *
   * @param jobId the job
   * @param name its name
   * @param reason why it runs again; downstream jobs say which job they follow
   */
  public record Rerun(long jobId, String name, String reason) {}

  private Reinitialization() {}

  /**
   * The jobs that would run again, with reasons, without changing anything.
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow
   * @return the jobs that would run again, in job order
   */
  public static List<Rerun> plan(WorkflowStore store, long workflowId) {
    Map<String, Path> files = new HashMap<>();
    for (FileSpec file : store.listFiles(workflowId)) {
      files.put(file.name(), Path.of(file.path()));
    }
    Map<Long, Instant> completedAt = new HashMap<>();
    for (JobResult result : store.listResults(workflowId)) {
      if (result.status() == JobStatus.COMPLETED) {
        completedAt.merge(result.jobId(), result.completionTime(), (a, b) -> a.isAfter(b) ? a : b);
      }
    }
    List<JobRecord> jobs = store.listJobs(workflowId, null);
    Map<String, Rerun> reruns = new java.util.LinkedHashMap<>();
    for (JobRecord job : jobs) {
      String reason = reason(job, files, completedAt.get(job.id()));
      if (reason != null) {
        reruns.put(job.name(), new Rerun(job.id(), job.name(), reason));
      }
    }
    // Jobs are in id order and a job's dependencies are defined before it only by convention,
    // so repeat until nothing new is reached.
    boolean grew = true;
    while (grew) {
      grew = false;
      for (JobRecord job : jobs) {
        if (reruns.containsKey(job.name()) || job.status() == JobStatus.DISABLED) {
          continue;
        }
        for (String upstream : job.dependsOn()) {
          if (reruns.containsKey(upstream)) {
            reruns.put(job.name(), new Rerun(job.id(), job.name(), "downstream of " + upstream));
            grew = true;
            break;
          }
        }
      }
    }
    return new ArrayList<>(reruns.values());
  }

  /**
   * Starts a new run in which the planned jobs run again.
   *
   * @param store the store that holds the workflow
   * @param workflowId the workflow
   * @return the jobs that will run again
   */
  public static List<Rerun> apply(WorkflowStore store, long workflowId) {
    List<Rerun> plan = plan(store, workflowId);
    Set<Long> ids = new LinkedHashSet<>();
    plan.forEach(rerun -> ids.add(rerun.jobId()));
    store.reinitialize(workflowId, ids);
    return plan;
  }

  private static String reason(JobRecord job, Map<String, Path> files, Instant completedAt) {
    if (job.status() == JobStatus.DISABLED) {
      return null;
    }
    if (job.status() == JobStatus.READY || job.status() == JobStatus.BLOCKED) {
      return "it has not run yet";
    }
    if (job.status() != JobStatus.COMPLETED) {
      return "it ended " + job.status().label();
    }
    for (String output : job.outputFiles()) {
      Path path = files.get(output);
      if (path != null && !Files.exists(path)) {
        return "its output " + output + " (" + path + ") is missing";
      }
    }
    for (String input : job.inputFiles()) {
      Path path = files.get(input);
      if (path != null && Files.exists(path) && completedAt != null) {
        Instant modified = modified(path);
        if (modified.isAfter(completedAt)) {
          return "its input " + input + " (" + path + ") changed after it completed";
        }
      }
    }
    return null;
  }

  private static Instant modified(Path path) {
    try {
      return Files.getLastModifiedTime(path).toInstant();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
