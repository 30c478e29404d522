package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code generate_plots} and {@code reports plots}: the page they write is rendered in headless
 * Chromium (the Debian package, which .ci/run installs), and what its script drew is counted.
 */
class PlotsCliTest {
  @TempDir Path dir;

  @Test
  void thePlotPageShowsEveryAttemptEveryJobAndEveryDependencyOffline() throws Exception {
    Path out = dir.resolve("out");
    Path marker = dir.resolve("failed_once");
    Path spec =
        Files.writeString(
            dir.resolve("plots.yaml"),
            String.join(
                "\n",
                "name: plotted",
                "resource_monitor:",
                "  enabled: true",
                "  granularity: time_series",
                "  sample_interval_seconds: 0.1",
                "  generate_plots: true",
                "failure_handlers:",
                "  - name: again",
                "    rules: [{exit_codes: [3], max_retries: 3}]",
                "jobs:",
                "  - name: prep",
                "    command: sleep 1",
                "  - name: flaky",
                "    command: if [ -e "
                    + marker
                    + " ]; then sleep 1; else touch "
                    + marker
                    + "; exit 3; fi",
                "    failure_handler: again",
                "    depends_on: [prep]",
                "  - name: final",
                "    command: 'true'",
                "    depends_on: [prep, flaky]",
                ""));
    CliRunner cli = new CliRunner(dir.resolve("torc.db"));

    CliRunner.Result run = cli.run("run", spec.toString(), "-o", out.toString(), "--quiet");
    assertThat(run.exitCode()).as(run.err()).isZero();
    Path generated = out.resolve("plots").resolve("workflow_1_resources.html");
    assertThat(generated).exists();

    CliRunner.Result report =
        cli.run(
            "-f",
            "json",
            "reports",
            "plots",
            "1",
            "--run-output-dir",
            out.toString(),
            "-o",
            dir.resolve("pages").toString());
    assertThat(report.exitCode()).as(report.err()).isZero();
    JsonNode json = report.json();
    Path page = Path.of(json.get("path").asText());
    assertThat(page).isEqualTo(dir.resolve("pages").resolve("workflow_1_resources.html"));
    assertThat(json.get("num_jobs").asInt()).isEqualTo(3);
    assertThat(json.get("num_attempts").asInt()).isEqualTo(4);
    assertThat(json.get("num_time_series").asInt()).isPositive();

    String html = Files.readString(page);
    assertThat(html).doesNotContain("<link", " src=", "https://", "@import");

    String dom = render(page);
    assertThat(dom).contains("data-rendered=\"true\"");
    assertThat(count(dom, "<rect [^>]*class=\"bar ")).isEqualTo(4);
    assertThat(count(dom, "<rect [^>]*class=\"bar failed")).isEqualTo(1);
    assertThat(count(dom, "<g class=\"node ")).isEqualTo(3);
    assertThat(count(dom, "<line [^>]*class=\"edge\"")).isEqualTo(3);
    String memory = section(dom, "memory");
    String cpu = section(dom, "cpu");
    // one curve per sampled attempt; the quick ones (exit 3, true) may end before a sample
    int sampled = json.get("num_time_series").asInt();
    assertThat(count(memory, "<polyline [^>]*class=\"series\"")).isEqualTo(sampled);
    assertThat(count(cpu, "<polyline [^>]*class=\"series\"")).isEqualTo(sampled);
    assertThat(count(memory, "<polyline [^>]*class=\"series[^\"]*\" data-job=\"prep\""))
        .isEqualTo(1);
    assertThat(Files.readString(generated)).contains("\"name\":\"plotted\"");

    // The store keeps generate_plots: a later run of the stored workflow writes the page again.
    Files.delete(generated);
    CliRunner.Result rerun = cli.run("run", "1", "-o", out.toString(), "--quiet");
    assertThat(rerun.exitCode()).as(rerun.err()).isZero();
    assertThat(generated).exists();
  }

  /** The page's DOM once its script ran, as headless Chromium dumps it. */
  private String render(Path page) throws Exception {
    Path profile = Files.createDirectories(dir.resolve("chromium-profile"));
    Path dump = dir.resolve("dom.html");
    List<String> command =
        List.of(
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--user-data-dir=" + profile,
            "--dump-dom",
            page.toUri().toString());
    Process chromium =
        new ProcessBuilder(command)
            .redirectOutput(dump.toFile())
            .redirectError(dir.resolve("chromium.err").toFile())
            .start();
    boolean ended = chromium.waitFor(180, TimeUnit.SECONDS);
    if (!ended) {
      chromium.destroyForcibly();
    }
    assertThat(ended).as("chromium ended within 180 s").isTrue();
    assertThat(chromium.exitValue())
        .as(Files.readString(dir.resolve("chromium.err"), StandardCharsets.UTF_8))
        .isZero();
    return Files.readString(dump);
  }

  private static String chromium() {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "chromium");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    throw new AssertionError(
        "chromium is not installed: `apt-get install chromium` (.ci/run installs it)");
  }

  private static String section(String dom, String id) {
    int start = dom.indexOf("<div id=\"" + id + "\">");
    assertThat(start).as("section " + id).isNotNegative();
    return dom.substring(start, dom.indexOf("</div>", start));
  }

  private static int count(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
