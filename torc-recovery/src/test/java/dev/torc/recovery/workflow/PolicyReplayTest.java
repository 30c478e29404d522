package dev.torc.recovery.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torc.model.Memory;
import dev.torc.run.JobRunner;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recover --what-if}: real failures recorded by the real runner and recovery in a real
 * SQLite store, replayed under other policies; the store file stays byte for byte the same.
 */
class PolicyReplayTest {
  @TempDir Path dir;

  private static final String SPEC =
      """
      name: replayed
      use_pending_failed: true
      resource_monitor:
        sample_interval_seconds: 0.2
      resource_requirements:
        - {name: hundred, num_cpus: 1, memory: 100m, runtime: PT1M}
      jobs:
        - name: need_4x
          command: >-
            python3 -c "import time; a = []; [(a.append(b'x' * 8 * 2**20), time.sleep(0.02)) for
            _ in range(48)]; time.sleep(1)"
          resource_requirements: hundred
        - name: refused_once
          command: >-
            [ "$TORC_ATTEMPT_ID" -ge 2 ] || python3 -c "import socket;
            socket.create_connection(('127.0.0.1', 1), timeout=5)"
          resource_requirements: hundred
        - name: value_error
          command: python3 -c "int('seven')"
          resource_requirements: hundred
        - name: unexplained
          command: exit 3
          resource_requirements: hundred
      """;

  @Test
  void replaysPoliciesOverRecordedFailuresWithoutTouchingTheStore() throws Exception {
    Path db = dir.resolve("torc.db");
    long wf;
    try (WorkflowStore store = Stores.sqlite(db)) {
      wf = RealRuns.create(store, SPEC);
      WorkflowWatch.builder(store)
          .driver(id -> new JobRunner(store, id, RealRuns.options(dir)).run())
          .recovery(WorkflowRecovery.builder(store).maxMemory(Memory.parse("4g")).build())
          .maxRetries(3)
          .pollInterval(Duration.ofMillis(100))
          .build()
          .watch(wf);
    }
    String before = sha256(db);
    Map<String, PolicyReplay.JobReplay> asRun;
    Map<String, PolicyReplay.JobReplay> strict;
    Map<String, PolicyReplay.JobReplay> retryUnknown;
    int eventsBefore;
    try (WorkflowStore store = Stores.sqlite(db)) {
      eventsBefore = store.listEvents(wf).size();
      WhatIfPolicy defaults = WhatIfPolicy.defaults(Memory.parse("4g"));
      PolicyReplay.Report report = PolicyReplay.replay(store, wf, defaults);
      assertThat(report.neverFailed()).isZero();
      asRun = byName(report);
      strict =
          byName(
              PolicyReplay.replay(
                  store,
                  wf,
                  WhatIfPolicy.parse("oom_headroom: 1\nbudgets: {transient: 0}\n", defaults)));
      retryUnknown =
          byName(
              PolicyReplay.replay(store, wf, WhatIfPolicy.parse("retry_unknown: true", defaults)));
      assertThat(store.listEvents(wf)).hasSize(eventsBefore);
    }
    assertThat(sha256(db)).isEqualTo(before);

    // The policy the workflow ran with replays to what happened.
    assertThat(asRun.get("need_4x"))
        .satisfies(
            j -> {
              assertThat(j.finalState()).isEqualTo("completed");
              assertThat(j.attempts()).isEqualTo(2).isEqualTo(j.recordedAttempts());
              assertThat(j.resizes()).isEqualTo(1);
              assertThat(j.actions().get(0)).isEqualTo("resize memory 100m -> 600m (headroom)");
              assertThat(j.actions().get(1)).startsWith("right-size memory 600m -> ");
            });
    assertThat(asRun.get("refused_once").finalState()).isEqualTo("completed");
    assertThat(asRun.get("refused_once").attempts()).isEqualTo(2);
    assertThat(asRun.get("value_error").finalState()).isEqualTo("failed");
    assertThat(asRun.get("value_error").actions()).containsExactly("stop: permanent failure");
    assertThat(asRun.get("unexplained").finalState()).isEqualTo("pending_failed");

    // Without headroom the job that needs 4x its request takes more than one resize.
    assertThat(strict.get("need_4x").resizes()).isGreaterThan(1);
    assertThat(strict.get("need_4x").actions()).noneMatch(a -> a.contains("headroom"));
    assertThat(strict.get("refused_once").finalState()).isEqualTo("failed");
    assertThat(strict.get("refused_once").attempts()).isEqualTo(1);
    assertThat(strict.get("refused_once").actions())
        .containsExactly("stop: retry budget for transient used up (0 of 0)");

    // A retry the record has no attempt for cannot be told.
    assertThat(retryUnknown.get("unexplained").finalState()).isEqualTo(PolicyReplay.UNKNOWN);
    assertThat(retryUnknown.get("unexplained").attempts()).isEqualTo(2);
  }

  @Test
  void aPolicyWithAnUnknownKeyOrCauseIsRefusedWithWhatIsWrong() {
    WhatIfPolicy defaults = WhatIfPolicy.defaults(null);
    assertThatThrownBy(() -> WhatIfPolicy.parse("memory_multipler: 2", defaults))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown key 'memory_multipler'");
    assertThatThrownBy(() -> WhatIfPolicy.parse("budgets: {flaky: 2}", defaults))
        .hasMessageContaining("unknown cause 'flaky'");
    assertThatThrownBy(() -> WhatIfPolicy.parse("memory_multiplier: 1", defaults))
        .hasMessageContaining("multiplier must be above 1");
  }

  private static Map<String, PolicyReplay.JobReplay> byName(PolicyReplay.Report report) {
    return report.jobs().stream()
        .collect(Collectors.toMap(PolicyReplay.JobReplay::name, Function.identity()));
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of()
        .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
