package dev.torc.sdk.internal;

import dev.torc.diagnosis.JobLogs;
import dev.torc.recovery.classify.ClassificationRule;
import dev.torc.recovery.classify.PatternClassifier;
import dev.torc.sdk.InvalidRequestException;
import dev.torc.sdk.LogAnalysis;
import dev.torc.store.JobResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Scans job logs for the built-in error patterns of {@link PatternClassifier}. */
public final class LogScan {
  /** The lines read from the end of each log. */
  public static final int LINES_PER_FILE = 200;

  /** The most bytes read from the end of each log. */
  public static final int MAX_BYTES_PER_FILE = 64 * 1024;

  /** The most log files one scan reads. */
  public static final int MAX_FILES = 2_000;

  private static final int MAX_EVIDENCE = 300;

  private record Rule(ClassificationRule rule, Pattern pattern, String type) {}

  private static final List<Rule> RULES =
      PatternClassifier.BUILT_IN_RULES.stream()
          .map(r -> new Rule(r, Pattern.compile(r.pattern()), r.pattern().replace("(?i)", "")))
          .toList();

  private LogScan() {}

  private static final Pattern LOG_NAME = Pattern.compile("job_wf(\\d+)_j\\d+_r\\d+_a\\d+\\.[oe]");

  /**
   * The workflows whose attempt logs lie in {@code dir}/job_stdio, or in {@code dir} itself, lowest
   * id first; empty when there are none or the directory cannot be read.
   */
  public static List<Long> workflowIds(Path dir) {
    java.util.TreeSet<Long> ids = new java.util.TreeSet<>();
    for (Path where : List.of(dir.resolve(JobLogs.STDIO_DIR), dir)) {
      if (!java.nio.file.Files.isDirectory(where)) {
        continue;
      }
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(where)) {
        files.forEach(
            f -> {
              java.util.regex.Matcher m = LOG_NAME.matcher(f.getFileName().toString());
              if (m.matches()) {
                ids.add(Long.parseLong(m.group(1)));
              }
            });
      } catch (java.io.IOException e) {
        // An unreadable directory holds no logs we can scan.
      }
    }
    return List.copyOf(ids);
  }

  /**
   * Scans the stdout and stderr of these attempts.
   *
   * @param attempts one result per job: the attempt whose logs to read
   * @param names job names by id
   * @param maxBytes the most bytes read from the end of each log
   */
  public static LogAnalysis scan(
      long workflowId,
      Path outputDir,
      List<JobResult> attempts,
      Map<Long, String> names,
      int maxBytes) {
    Map<String, List<LogAnalysis.Match>> byType = new LinkedHashMap<>();
    Map<String, String> causes = new LinkedHashMap<>();
    int files = 0;
    int errors = 0;
    boolean truncated = false;
    for (JobResult attempt : attempts) {
      if (files + 2 > MAX_FILES) {
        truncated = true;
        break;
      }
      boolean matched = false;
      for (JobLogs.Stream stream : List.of(JobLogs.Stream.STDERR, JobLogs.Stream.STDOUT)) {
        Path log =
            JobLogs.path(
                outputDir,
                workflowId,
                attempt.jobId(),
                attempt.runId(),
                attempt.attemptId(),
                stream);
        if (matched || !Files.isRegularFile(log)) {
          continue;
        }
        String text;
        try {
          text = BoundedLogs.read(outputDir, log, LINES_PER_FILE, maxBytes).content();
        } catch (IOException | InvalidRequestException e) {
          continue;
        }
        files++;
        Rule rule = null;
        String evidence = null;
        String[] lines = text.split("\\R");
        for (int i = lines.length - 1; i >= 0 && rule == null; i--) {
          for (Rule r : RULES) {
            if ((rule == null || r.rule().confidence() > rule.rule().confidence())
                && r.pattern().matcher(lines[i]).find()) {
              rule = r;
              evidence = lines[i].strip();
            }
          }
        }
        if (rule != null) {
          matched = true;
          errors++;
          causes.put(rule.type(), rule.rule().cause().label());
          byType
              .computeIfAbsent(rule.type(), k -> new ArrayList<>())
              .add(
                  new LogAnalysis.Match(
                      attempt.jobId(),
                      names.get(attempt.jobId()),
                      stream.name().toLowerCase(Locale.ROOT),
                      evidence.length() > MAX_EVIDENCE
                          ? evidence.substring(0, MAX_EVIDENCE)
                          : evidence));
        }
      }
    }
    List<LogAnalysis.ErrorType> types = new ArrayList<>();
    byType.forEach(
        (type, matches) ->
            types.add(
                new LogAnalysis.ErrorType(
                    type,
                    causes.get(type),
                    matches.size(),
                    matches.subList(0, Math.min(matches.size(), LogAnalysis.JOBS_PER_TYPE)))));
    types.sort(Comparator.comparingInt(LogAnalysis.ErrorType::count).reversed());
    return new LogAnalysis(workflowId, files, errors, types, truncated);
  }
}
