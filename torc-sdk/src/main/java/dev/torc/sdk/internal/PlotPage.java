package dev.torc.sdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torc.run.internal.TimeSeriesFiles;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds a workflow's resource-plot page: its data as JSON inside the page, and a script in the
 * page that draws the SVG charts from it, so the file needs nothing from the network.
 */
public final class PlotPage {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Object> data = new LinkedHashMap<>();
  private final String title;
  private int attempts;
  private int series;
  private int jobs;

  private PlotPage(String title) {
    this.title = title;
  }

  /**
   * Gathers the page's data: jobs with their dependencies, every attempt's times and usage, and the
   * time series the monitor wrote under {@code runOutputDir}.
   */
  public static PlotPage of(
      WorkflowRecord workflow, List<JobRecord> jobs, List<JobResult> results, Path runOutputDir) {
    PlotPage page = new PlotPage(workflow.name() + " (" + workflow.id() + ")");
    Map<Long, String> names = new HashMap<>();
    List<Map<String, Object>> jobList = new ArrayList<>();
    for (JobRecord job : jobs) {
      names.put(job.id(), job.name());
      Map<String, Object> j = new LinkedHashMap<>();
      j.put("id", job.id());
      j.put("name", job.name());
      j.put("status", job.status().name().toLowerCase(Locale.ROOT));
      j.put("depends_on", job.dependsOn());
      jobList.add(j);
    }
    List<Map<String, Object>> attemptList = new ArrayList<>();
    for (JobResult r : results) {
      Instant end = r.completionTime();
      double endSeconds = seconds(end);
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("job_id", r.jobId());
      a.put("job_name", names.getOrDefault(r.jobId(), "job " + r.jobId()));
      a.put("run_id", r.runId());
      a.put("attempt_id", r.attemptId());
      a.put("status", r.status().name().toLowerCase(Locale.ROOT));
      a.put("return_code", r.returnCode());
      a.put("start", endSeconds - r.execTimeMinutes() * 60);
      a.put("end", endSeconds);
      a.put("peak_memory_bytes", r.peakMemoryBytes());
      a.put("avg_memory_bytes", r.avgMemoryBytes());
      a.put("peak_cpu_percent", r.peakCpuPercent());
      a.put("avg_cpu_percent", r.avgCpuPercent());
      List<Map<String, Object>> points =
          readSeries(
              TimeSeriesFiles.path(
                  runOutputDir, r.workflowId(), r.jobId(), r.runId(), r.attemptId()));
      a.put("series", points);
      if (points != null) {
        page.series++;
      }
      attemptList.add(a);
    }
    page.jobs = jobList.size();
    page.attempts = attemptList.size();
    page.data.put("workflow_id", workflow.id());
    page.data.put("name", workflow.name());
    page.data.put("series_count", page.series);
    page.data.put("jobs", jobList);
    page.data.put("attempts", attemptList);
    return page;
  }

  public int jobs() {
    return jobs;
  }

  public int attempts() {
    return attempts;
  }

  public int timeSeries() {
    return series;
  }

  /** The page as HTML. */
  public String html() {
    String json;
    try {
      // '<' only occurs inside JSON strings, so escaping it keeps the script element closed.
      json = JSON.writeValueAsString(data).replace("<", "\\u003c");
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the plot data", e);
    }
    return template().replace("/*TITLE*/", escapeHtml(title)).replace("/*DATA*/", json);
  }

  private static String template() {
    try (InputStream in = PlotPage.class.getResourceAsStream("plots.html")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the plot page template", e);
    }
  }

  private static double seconds(Instant time) {
    return time.getEpochSecond() + time.getNano() / 1e9;
  }

  /** The series in a time-series CSV, or {@code null} when there is none or it cannot be read. */
  private static List<Map<String, Object>> readSeries(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    List<Map<String, Object>> points = new ArrayList<>();
    try {
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
        String[] cells = line.split(",");
        if (cells.length < 3) {
          continue;
        }
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("t", seconds(Instant.parse(cells[0])));
        p.put("memory_bytes", Long.parseLong(cells[1]));
        p.put("cpu_percent", Double.parseDouble(cells[2]));
        points.add(p);
      }
    } catch (IOException | DateTimeParseException | NumberFormatException e) {
      return null;
    }
    return points.isEmpty() ? null : points;
  }

  private static String escapeHtml(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
