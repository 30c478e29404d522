package dev.torc.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.recovery.classify.ClassificationRule;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.classify.PatternClassifier;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatternClassifierTest {
  private final PatternClassifier builtIn = PatternClassifier.builtIn();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ConnectionError: Connection refused to storage.internal:443",
        "curl: (28) Connection timed out after 30001 milliseconds",
        "[rank0]: NCCL watchdog: collective operation timeout after 600000 ms",
        "RuntimeError: NCCL communicator was aborted: timed out",
        "GPU communication error on device 3",
        "OSError: [Errno 5] EIO",
        "cp: error reading 'x': Input/output error",
        "slurmstepd: error: Slurm node failure detected on n12",
        "srun: error: Node failure on n12",
        "*** JOB 123 ON n1 CANCELLED AT 2025-01-01T00:00:00 DUE TO PREEMPTION ***",
        "job state PREEMPTED",
        "HTTPError: 503 Server Error: Service Unavailable for url: http://x/y",
        "status 503",
        "socket.gaierror: [Errno -3] Temporary failure in name resolution",
        "openai.RateLimitError: Error code: 429 - Too Many Requests",
      })
  void tutorialTransientPatternsAreTransient(String line) {
    assertThat(builtIn.classifyText("starting\n" + line + "\n"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.cause()).isEqualTo(FailureCause.TRANSIENT);
              assertThat(c.evidence()).isEqualTo(line);
              assertThat(c.classifier()).isEqualTo(PatternClassifier.BUILT_IN);
              assertThat(c.confidence()).isBetween(0.5, 1.0);
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SyntaxError: invalid syntax",
        "IndentationError: unexpected indent",
        "ModuleNotFoundError: No module named 'torch'",
        "ImportError: cannot import name 'x' from 'y'",
        "FileNotFoundError: [Errno 2] No such file or directory: '/data/in.csv'",
        "IndexError: list index out of range",
        "KeyError: 'timestamp'",
        "bash: /data/out: Permission denied",
        "PermissionError: [Errno 13] Permission denied: '/x'",
        "grpc PermissionDenied: caller lacks access",
        "bash: pythn: command not found",
      })
  void tutorialPermanentPatternsArePermanent(String line) {
    assertThat(builtIn.classifyText(line))
        .hasValueSatisfying(
            c -> {
              assertThat(c.cause()).isEqualTo(FailureCause.PERMANENT);
              assertThat(c.evidence()).isEqualTo(line);
            });
  }

  @Test
  void tokensAreCaseAware() {
    assertThat(builtIn.classifyText("the eio module was preempted by keyerror fans")).isEmpty();
    assertThat(builtIn.classifyText("CONNECTION REFUSED")).isPresent();
    assertThat(builtIn.classifyText("  File \"x.py\", line 503, in main")).isEmpty();
  }

  @Test
  void unrecognizedFailuresStayPending() {
    assertThat(builtIn.classifyText("exit status 3, see the log above")).isEmpty();
    assertThat(builtIn.classifyText("")).isEmpty();
  }

  @Test
  void aCrashReportedByTheShellIsPermanent() {
    assertThat(builtIn.classifyText("Segmentation fault (core dumped)").orElseThrow().cause())
        .isEqualTo(FailureCause.PERMANENT);
  }

  @Test
  void theLastMatchingLineDecides() {
    String stderr =
        """
        WARNING: Connection refused, retrying (1/3)
        WARNING: Connection refused, retrying (2/3)
        Traceback (most recent call last):
          File "x.py", line 3, in <module>
        KeyError: 'x'
        """;
    assertThat(builtIn.classifyText(stderr))
        .hasValueSatisfying(
            c -> {
              assertThat(c.cause()).isEqualTo(FailureCause.PERMANENT);
              assertThat(c.evidence()).isEqualTo("KeyError: 'x'");
            });
  }

  @Test
  void onOneLineTheMostConfidentRuleWins() {
    // ModuleNotFoundError (0.95) beats Connection refused (0.85) on the same line.
    assertThat(builtIn.classifyText("ModuleNotFoundError after Connection refused"))
        .hasValueSatisfying(c -> assertThat(c.cause()).isEqualTo(FailureCause.PERMANENT));
  }

  @Test
  void userRulesTakePrecedenceOverBuiltInsWhereverTheyMatch() {
    PatternClassifier classifier =
        PatternClassifier.withRules(
            List.of(new ClassificationRule("lock held by", FailureCause.TRANSIENT, 0.7)));
    String stderr = "lock held by pid 12\nKeyError: 'x'\n";
    assertThat(classifier.classifyText(stderr))
        .hasValueSatisfying(
            c -> {
              assertThat(c.cause()).isEqualTo(FailureCause.TRANSIENT);
              assertThat(c.evidence()).isEqualTo("lock held by pid 12");
              assertThat(c.classifier()).isEqualTo(PatternClassifier.USER_RULES);
              assertThat(c.confidence()).isEqualTo(0.7);
            });
    // A user rule can turn a built-in transient pattern into a permanent one.
    PatternClassifier strict =
        PatternClassifier.withRules(
            List.of(ClassificationRule.permanentIf("Connection refused to localhost")));
    assertThat(strict.classifyText("Connection refused to localhost:5432"))
        .hasValueSatisfying(c -> assertThat(c.cause()).isEqualTo(FailureCause.PERMANENT));
    assertThat(strict.classifyText("Connection refused to db:5432"))
        .hasValueSatisfying(c -> assertThat(c.cause()).isEqualTo(FailureCause.TRANSIENT));
  }

  @Test
  void onlyRulesSkipsTheBuiltIns() {
    PatternClassifier classifier =
        PatternClassifier.onlyRules(List.of(ClassificationRule.transientIf("(?i)flaky")));
    assertThat(classifier.classifyText("KeyError: 'x'")).isEmpty();
    assertThat(classifier.classifyText("FLAKY disk")).isPresent();
  }

  @Test
  void rulesAreValidated() {
    assertThatThrownBy(() -> ClassificationRule.transientIf("(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid pattern '(unclosed'");
    assertThatThrownBy(() -> new ClassificationRule("x", FailureCause.OOM, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ClassificationRule("x", FailureCause.TRANSIENT, 1.5))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
