package dev.torc.recovery;

import static dev.torc.recovery.Fixtures.job;
import static dev.torc.recovery.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.recovery.classify.Classification;
import dev.torc.recovery.classify.ClassificationRule;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.classify.PatternClassifier;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The built-in patterns against real failure messages ({@code captured-failures.txt}): messages
 * that real programs wrote on this machine, and verbatim lines from public issue threads for MPI,
 * Slurm, CUDA and NCCL, each with its source.
 */
class CapturedFailuresTest {

  /** Built-in rules that no captured message exercises yet: tokens this machine cannot produce. */
  private static final Set<String> WITHOUT_CAPTURE =
      Set.of(
          "(?i)connection timed out",
          "(?i)temporary failure in name resolution",
          "(?i)network is unreachable",
          "(?i)no route to host",
          "(?i)\\bNCCL\\b.*\\b(timeout|timed out)\\b",
          "(?i)GPU communication error",
          "\\bEIO\\b",
          "\\bNODE_FAIL\\b",
          "\\bPREEMPTED\\b",
          "DUE TO NODE FAILURE",
          "(?i)bad gateway|gateway time-?out",
          "(?i)disk quota exceeded",
          "(?i)read-only file system",
          "\\bPermission(Denied|Error)\\b");

  private record Sample(FailureCause expected, String source, String text) {}

  private static List<Sample> samples() throws IOException {
    String all;
    try (InputStream in = CapturedFailuresTest.class.getResourceAsStream("captured-failures.txt")) {
      all = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
    }
    List<Sample> samples = new ArrayList<>();
    String header = null;
    StringBuilder text = new StringBuilder();
    for (String line : (all + "\n## end").split("\n")) {
      if (line.startsWith("## ")) {
        if (header != null) {
          String[] parts = header.split("\\|", 2);
          samples.add(
              new Sample(
                  FailureCause.valueOf(parts[0].strip().toUpperCase(Locale.ROOT)),
                  parts[1].strip(),
                  text.toString()));
        }
        header = line.substring(3);
        text.setLength(0);
      } else if (header != null) {
        text.append(line).append('\n');
      }
    }
    return samples;
  }

  @Test
  void everyCapturedMessageGetsItsRightVerdict() throws IOException {
    List<Sample> samples = samples();
    assertThat(samples).hasSizeGreaterThan(40);
    PatternClassifier classifier = PatternClassifier.builtIn();
    for (Sample s : samples) {
      Optional<Classification> verdict = classifier.classifyText(s.text());
      assertThat(verdict).as(s.source() + "\n" + s.text()).isPresent();
      assertThat(verdict.get().cause()).as(s.source() + "\n" + s.text()).isEqualTo(s.expected());
    }
  }

  @Test
  void everyBuiltInRuleMatchesACapturedMessageOfItsCause() throws IOException {
    List<Sample> samples = samples();
    for (ClassificationRule rule : PatternClassifier.BUILT_IN_RULES) {
      if (WITHOUT_CAPTURE.contains(rule.pattern())) {
        continue;
      }
      Pattern p = Pattern.compile(rule.pattern(), Pattern.MULTILINE);
      assertThat(samples)
          .as(rule.pattern())
          .anySatisfy(
              s -> {
                assertThat(s.expected()).isEqualTo(rule.cause());
                assertThat(p.matcher(s.text()).find()).isTrue();
              });
    }
  }

  @Test
  void theClustersMemoryKillIsOomWhateverElseTheTextSays() {
    // Verbatim lines: https://github.com/nextflow-io/nextflow/issues/5932,
    // https://github.com/lanl/PyBNF/issues/118, https://github.com/hafs-community/HAFS/issues/101
    for (String slurm :
        List.of(
            "slurmstepd: error: Detected 1 oom_kill event in StepId=11300781.0. Some of the step"
                + " tasks have been OOM Killed.",
            "slurmstepd: error: Detected 2 oom-kill event(s) in step 3756240.batch cgroup.",
            "srun: error: Orion-01-01: task 4: Out Of Memory")) {
      FailureRecord r =
          FailureAnalyzer.standard()
              .analyze(
                  job(1, null),
                  result(1, 1, 1, 0.5, null),
                  "ConnectionResetError: [Errno 104] Connection reset by peer\n" + slurm,
                  null);
      assertThat(r.cause()).as(slurm).isEqualTo(FailureCause.OOM);
      assertThat(r.evidence()).contains("the cluster killed the attempt for memory");
    }
  }
}
