package dev.torc.recovery;

import static dev.torc.recovery.Fixtures.job;
import static dev.torc.recovery.Fixtures.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torc.model.JobStatus;
import dev.torc.recovery.classify.Classification;
import dev.torc.recovery.classify.ClassificationRule;
import dev.torc.recovery.classify.FailedAttempt;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureCause;
import dev.torc.recovery.classify.FailureClassifier;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.classify.PatternClassifier;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailureAnalyzerTest {
  private static final long GIB = 1L << 30;
  private final FailureAnalyzer analyzer = FailureAnalyzer.standard();

  @Test
  void peakMemoryOverTheRequestIsOom() {
    FailureRecord r =
        analyzer.analyze(job(1, null), result(1, 1, 137, 2.0, 3 * GIB), "Killed", null);
    assertThat(r.cause()).isEqualTo(FailureCause.OOM);
    assertThat(r.confidence()).isEqualTo(0.9);
    assertThat(r.evidence()).contains("3g").contains("2g");
    assertThat(r.signal()).isEqualTo(9);
    assertThat(r.peakMemoryBytes()).isEqualTo(3 * GIB);
    assertThat(r.memoryLimitBytes()).isEqualTo(2 * GIB);
    assertThat(r.runtime()).isEqualTo(Duration.ofMinutes(2));
    assertThat(r.runtimeLimit()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void anEarlySigkillIsLikelyOom() {
    FailureRecord r = analyzer.analyze(job(1, null), result(1, 1, 137, 5.0, null), "", null);
    assertThat(r.cause()).isEqualTo(FailureCause.OOM);
    assertThat(r.confidence()).isEqualTo(0.6);
  }

  @Test
  void exit152IsATimeoutAndTerminated() {
    FailureRecord r = analyzer.analyze(job(1, null), result(1, 1, 152, 60.0, null), "", null);
    assertThat(r.cause()).isEqualTo(FailureCause.TIMEOUT);
    assertThat(r.status()).isEqualTo(JobStatus.TERMINATED);
    assertThat(r.signal()).isEqualTo(24);
    assertThat(r.signature()).isEqualTo("exit 152");
  }

  @Test
  void runningNearTheLimitIsATimeout() {
    FailureRecord r = analyzer.analyze(job(1, null), result(1, 1, 1, 58.0, null), "", null);
    assertThat(r.cause()).isEqualTo(FailureCause.TIMEOUT);
    assertThat(r.confidence()).isEqualTo(0.6);
  }

  @Test
  void theSlurmStateComesFirst() {
    FailureRecord preempted =
        analyzer.analyze(job(1, null), result(1, 1, 143, 58.0, null), "KeyError: 'x'", "PREEMPTED");
    assertThat(preempted.cause()).isEqualTo(FailureCause.PREEMPTED);
    assertThat(preempted.confidence()).isEqualTo(1.0);
    assertThat(preempted.slurmState()).isEqualTo("PREEMPTED");
    FailureRecord node = analyzer.analyze(job(1, null), result(1, 1, 1), "", "NODE_FAIL");
    assertThat(node.cause()).isEqualTo(FailureCause.NODE_FAIL);
    FailureRecord cancelled =
        analyzer.analyze(job(1, null), result(1, 1, 1), "", "CANCELLED by 1000");
    assertThat(cancelled.cause()).isEqualTo(FailureCause.UNKNOWN);
  }

  @Test
  void classifiersDecideTheRest() {
    FailureRecord r =
        analyzer.analyze(
            job(1, null),
            result(1, 1, 1),
            "Traceback...\nConnectionError: Connection refused to storage.internal:443\n",
            null);
    assertThat(r.cause()).isEqualTo(FailureCause.TRANSIENT);
    assertThat(r.evidence()).contains("Connection refused to storage.internal:443");
    assertThat(r.signature())
        .isEqualTo("ConnectionError: Connection refused to storage.internal:N");
    assertThat(r.signal()).isNull();
  }

  @Test
  void unrecognizedFailuresAreUnknownWithZeroConfidence() {
    FailureRecord r =
        analyzer.analyze(job(1, null), result(1, 1, 3), "step 4 went wrong at 0x7ffe12\n\n", null);
    assertThat(r.cause()).isEqualTo(FailureCause.UNKNOWN);
    assertThat(r.confidence()).isZero();
    assertThat(r.signature()).isEqualTo("step N went wrong at <hex>");
  }

  @Test
  void identicalFailuresOfDifferentJobsShareASignature() {
    FailureRecord a =
        analyzer.analyze(
            job(1, null),
            result(1, 1, 1),
            "FileNotFoundError: [Errno 2] No such file or directory: '/data/run_17/in.csv'",
            null);
    FailureRecord b =
        analyzer.analyze(
            job(2, null),
            result(2, 3, 1),
            "FileNotFoundError: [Errno 2] No such file or directory: '/data/run_9/in.csv'",
            null);
    assertThat(a.signature()).isEqualTo(b.signature());
    assertThat(a.signature())
        .isEqualTo("FileNotFoundError: [Errno N] No such file or directory: '<path>'");
  }

  @Test
  void withoutAClassifiedLineTheLastErrorLineIsTheSignature() {
    FailureRecord r =
        analyzer.analyze(
            job(1, null),
            result(1, 1, 2),
            "error: solver diverged at step 1200 (id 3f2a9c1e-aaaa-bbbb-cccc-123456789abc)\nbye\n",
            null);
    assertThat(r.signature()).isEqualTo("error: solver diverged at step N (id <uuid>)");
  }

  @Test
  void customClassifiersAreConsultedInOrder() {
    FailureClassifier agent =
        new FailureClassifier() {
          @Override
          public Optional<Classification> classify(FailedAttempt attempt) {
            return attempt.result().returnCode() == 42
                ? Optional.of(new Classification(FailureCause.TRANSIENT, "the answer", 0.5, name()))
                : Optional.empty();
          }

          @Override
          public String name() {
            return "agent";
          }
        };
    FailureAnalyzer custom = FailureAnalyzer.of(List.of(agent, PatternClassifier.builtIn()));
    assertThat(custom.analyze(job(1, null), result(1, 1, 42), "KeyError: 1", null).cause())
        .isEqualTo(FailureCause.TRANSIENT);
    assertThat(custom.analyze(job(1, null), result(1, 1, 41), "KeyError: 1", null).cause())
        .isEqualTo(FailureCause.PERMANENT);
  }

  @Test
  void signalsAreExitCodesAbove128() {
    assertThat(FailureRecord.signalOf(128)).isNull();
    assertThat(FailureRecord.signalOf(129)).isEqualTo(1);
    assertThat(FailureRecord.signalOf(143)).isEqualTo(15);
    assertThat(FailureRecord.signalOf(255)).isNull();
  }

  @Test
  void theRunnersMemoryKillOutranksAnEarlierTransientWarning() {
    FailureRecord r =
        analyzer.analyze(
            job(1, null),
            result(1, 1, 137, 0.1, GIB),
            "WARNING: Connection reset by peer; reconnecting\ntorc: killed at its memory limit\n",
            null);
    assertThat(r.cause()).isEqualTo(FailureCause.OOM);
    assertThat(r.confidence()).isEqualTo(1.0);
    assertThat(r.evidence())
        .contains("the runner killed the attempt at its memory limit 2g")
        .contains("outranks transient text")
        .contains("Connection reset by peer");
  }

  @Test
  void theRunnersWalltimeKillIsATimeoutWhateverTheTextSays() {
    FailureRecord r =
        analyzer.analyze(
            job(1, null),
            new dev.torc.store.JobResult(
                1, 1, 1, 1, 152, JobStatus.TERMINATED, 60.0, Fixtures.T0, null, null, null, null),
            "KeyError: 'x'\ntorc: stopped at its runtime limit\n",
            null);
    assertThat(r.cause()).isEqualTo(FailureCause.TIMEOUT);
    assertThat(r.confidence()).isEqualTo(1.0);
    assertThat(r.evidence()).contains("outranks permanent text");
  }

  @Test
  void aTracebackNearTheRuntimeLimitIsPermanentNotATimeout() {
    FailureRecord r =
        analyzer.analyze(job(1, null), result(1, 1, 1, 58.0, null), "KeyError: 'missing'", null);
    assertThat(r.cause()).isEqualTo(FailureCause.PERMANENT);
  }

  @Test
  void crashSignalsArePermanentUnlessARuleSaysOtherwise() {
    for (int code : new int[] {132, 134, 135, 136, 139}) {
      FailureRecord r = analyzer.analyze(job(1, null), result(1, 1, code, 0.1, null), "", null);
      assertThat(r.cause()).as("exit %d", code).isEqualTo(FailureCause.PERMANENT);
      assertThat(r.evidence()).contains("exit code " + code);
    }
    FailureRecord sigkill = analyzer.analyze(job(1, null), result(1, 1, 143, 0.1, null), "", null);
    assertThat(sigkill.cause()).isEqualTo(FailureCause.UNKNOWN);
    FailureRecord ruled =
        FailureAnalyzer.withRules(List.of(ClassificationRule.transientIf("flaky GPU driver")))
            .analyze(job(1, null), result(1, 1, 139, 0.1, null), "flaky GPU driver reset", null);
    assertThat(ruled.cause()).isEqualTo(FailureCause.TRANSIENT);
  }

  @Test
  void standardOutputIsReadWhenStandardErrorSaysNothing() {
    FailureRecord r =
        analyzer.analyze(
            FailedAttempt.of(
                job(1, null),
                result(1, 1, 1, 0.1, null),
                "",
                "fetching data\nerror: Connection refused by 10.0.0.7:5432"));
    assertThat(r.cause()).isEqualTo(FailureCause.TRANSIENT);
    assertThat(r.evidence()).contains("Connection refused");
  }
}
