package dev.torc.run.internal;

import dev.torc.model.FileSpec;
import dev.torc.model.JobStatus;
import dev.torc.run.RunException;
import dev.torc.store.JobRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Input files a run can never have: read by a job that is still to run, absent from disk, and
 * written by no job of the workflow. A run refuses up front when there are any, naming them, rather
 * than start jobs that are bound to fail.
 */
public final class RequiredInputs {
  private RequiredInputs() {}

  /**
   * Refuses the run when a job still to run reads a file that exists nowhere and no job writes.
   *
   * @param files the workflow's files, as the store lists them
   * @param jobs the workflow's jobs, as the store lists them
   * @param workingDir the directory relative paths are taken from, where jobs start
   * @throws RunException naming each such file, its path and the jobs that read it
   */
  public static void check(List<FileSpec> files, List<JobRecord> jobs, Path workingDir) {
    Map<String, String> paths = new HashMap<>();
    for (FileSpec file : files) {
      paths.put(file.name(), file.path());
    }
    Set<String> written = new HashSet<>();
    jobs.forEach(j -> written.addAll(j.outputFiles()));
    Map<String, Set<String>> missing = new TreeMap<>();
    for (JobRecord job : jobs) {
      if (job.status() == JobStatus.COMPLETED || job.status().isTerminal()) {
        continue;
      }
      for (String input : job.inputFiles()) {
        String path = paths.get(input);
        if (path == null || written.contains(input) || Files.exists(workingDir.resolve(path))) {
          continue;
        }
        missing.computeIfAbsent(input, k -> new TreeSet<>()).add(job.name());
      }
    }
    if (missing.isEmpty()) {
      return;
    }
    StringBuilder text =
        new StringBuilder(
            missing.size() == 1
                ? "an input file exists nowhere and no job writes it: "
                : missing.size() + " input files exist nowhere and no job writes them: ");
    String separator = "";
    for (Map.Entry<String, Set<String>> entry : missing.entrySet()) {
      text.append(separator)
          .append("'")
          .append(entry.getKey())
          .append("' (")
          .append(paths.get(entry.getKey()))
          .append(", read by ")
          .append(String.join(", ", entry.getValue()))
          .append(")");
      separator = "; ";
    }
    throw new RunException(
        text.append("; create them, or add the jobs that write them").toString());
  }
}
