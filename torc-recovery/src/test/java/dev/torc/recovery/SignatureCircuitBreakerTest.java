package dev.torc.recovery;

import static dev.torc.recovery.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.BreakerRegistry;
import dev.torc.recovery.breaker.BreakerState;
import dev.torc.recovery.breaker.SignatureCircuitBreaker;
import dev.torc.recovery.classify.FailureAnalyzer;
import dev.torc.recovery.classify.FailureRecord;
import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.FailureHandlerPolicy;
import dev.torc.recovery.policy.PolicyState;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.run.Decision;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureCircuitBreakerTest {
  private static final String REFUSED = "ConnectionError: Connection refused to db:5432";
  private static final FailureHandler RETRY_ALL =
      FailureHandler.of("all", FailureRule.forAnyExitCode(10, null));
  private static final BreakerConfig CONFIG =
      new BreakerConfig(
          "sig",
          0.5,
          4,
          3,
          Duration.ofMinutes(10),
          2,
          BreakerConfig.OpenAction.AWAIT_CLASSIFICATION);

  private final PolicyState state = PolicyState.inMemory();
  private final SignatureCircuitBreaker breaker = SignatureCircuitBreaker.of(CONFIG);
  private final RecoveryPolicy chain = breaker.then(FailureHandlerPolicy.create());

  /** Attempt {@code attempt} of job {@code job} fails with {@code stderr} at {@code at}. */
  private Decision fail(long job, int attempt, String stderr, Instant at) {
    JobRecord record = Fixtures.job(job, "all");
    JobResult result = Fixtures.result(job, attempt, 1);
    FailureAnalyzer analyzer = FailureAnalyzer.standard();
    List<FailureRecord> history =
        java.util.stream.IntStream.range(1, attempt)
            .mapToObj(a -> analyzer.analyze(record, Fixtures.result(job, a, 1), REFUSED, null))
            .toList();
    FailureContext ctx =
        FailureContext.builder(record, result, analyzer.analyze(record, result, stderr, null))
            .history(history)
            .handler(RETRY_ALL)
            .usePendingFailed(true)
            .now(at)
            .state(state)
            .build();
    return chain.decide(ctx);
  }

  private String signature() {
    return Fixtures.failure(1, 1, 1, REFUSED).signature();
  }

  @Test
  void opensWhenMostRecentAttemptsWithTheSignatureFail() {
    assertThat(fail(1, 1, REFUSED, T0).kind()).isEqualTo(Decision.Kind.RETRY);
    assertThat(fail(2, 1, REFUSED, T0).kind()).isEqualTo(Decision.Kind.RETRY);
    Decision third = fail(3, 1, REFUSED, T0);
    assertThat(third.kind()).isEqualTo(Decision.Kind.AWAIT_CLASSIFICATION);
    assertThat(third.reason()).contains("circuit breaker open").contains(signature());
    BreakerRegistry registry = breaker.registry(state);
    assertThat(registry.state(signature(), T0).state()).isEqualTo(BreakerState.State.OPEN);
    assertThat(registry.permitsLaunch(signature(), T0)).isFalse();
    assertThat(registry.permitsLaunch(null, T0)).isTrue();
    assertThat(registry.permitsLaunch("another signature", T0)).isTrue();
    assertThat(registry.nextLaunchTime(signature(), T0)).contains(T0.plus(Duration.ofMinutes(10)));
    // Other failures with the signature are not retried while it is open.
    assertThat(fail(4, 1, REFUSED, T0.plusSeconds(60)).kind())
        .isEqualTo(Decision.Kind.AWAIT_CLASSIFICATION);
  }

  @Test
  void successesKeepItClosed() {
    BreakerRegistry registry = breaker.registry(state);
    fail(1, 1, REFUSED, T0);
    registry.recordSuccess(signature(), 1, 1, 2, T0);
    registry.recordSuccess(signature(), 3, 1, 2, T0);
    registry.recordSuccess(signature(), 4, 1, 2, T0);
    // The window keeps the last 4: three successes and this failure.
    assertThat(fail(2, 1, REFUSED, T0).kind()).isEqualTo(Decision.Kind.RETRY);
    assertThat(registry.state(signature(), T0).failureRate()).isEqualTo(0.25);
  }

  @Test
  void aRetryThatFailsDifferentlyCountsAsASuccessForThePreviousSignature() {
    fail(1, 1, REFUSED, T0);
    fail(1, 2, "KeyError: 'x'", T0);
    BreakerState s = breaker.registry(state).state(signature(), T0);
    assertThat(s.window()).extracting(BreakerState.Outcome::failed).containsExactly(true, false);
  }

  @Test
  void halfOpenLetsExactlyTheProbesThroughAndTheFirstOutcomeDecides() {
    for (long job = 1; job <= 3; job++) {
      fail(job, 1, REFUSED, T0);
    }
    BreakerRegistry registry = breaker.registry(state);
    Instant later = T0.plus(Duration.ofMinutes(10));
    assertThat(registry.tryAcquireLaunch(signature(), later.minusSeconds(1))).isFalse();
    assertThat(registry.state(signature(), later).state()).isEqualTo(BreakerState.State.HALF_OPEN);
    assertThat(registry.tryAcquireLaunch(signature(), later)).isTrue();
    assertThat(registry.tryAcquireLaunch(signature(), later)).isTrue();
    assertThat(registry.tryAcquireLaunch(signature(), later)).isFalse();
    assertThat(registry.nextLaunchTime(signature(), later)).isEmpty();
    registry.releaseLaunch(signature());
    assertThat(registry.tryAcquireLaunch(signature(), later)).isTrue();

    // The first probe fails again: the breaker re-opens for another wait.
    Instant probeEnd = later.plusSeconds(30);
    assertThat(fail(1, 2, REFUSED, probeEnd).kind()).isEqualTo(Decision.Kind.AWAIT_CLASSIFICATION);
    assertThat(registry.state(signature(), probeEnd).state()).isEqualTo(BreakerState.State.OPEN);
    assertThat(registry.state(signature(), probeEnd).openedAt()).isEqualTo(probeEnd);

    // After the next wait a probe succeeds and closes it.
    Instant again = probeEnd.plus(Duration.ofMinutes(10));
    assertThat(registry.tryAcquireLaunch(signature(), again)).isTrue();
    registry.recordSuccess(signature(), 2, 1, 2, again.plusSeconds(30));
    assertThat(registry.state(signature(), again.plusSeconds(30)).state())
        .isEqualTo(BreakerState.State.CLOSED);
    assertThat(registry.tryAcquireLaunch(signature(), again.plusSeconds(30))).isTrue();
    assertThat(fail(5, 1, REFUSED, again.plusSeconds(40)).kind()).isEqualTo(Decision.Kind.RETRY);
  }

  @Test
  void failWhenOpenIsConfigurable() {
    BreakerConfig failing =
        new BreakerConfig("f", 1.0, 1, 1, Duration.ofMinutes(1), 1, BreakerConfig.OpenAction.FAIL);
    FailureContext ctx = Fixtures.context(1, 1, REFUSED, RETRY_ALL, state);
    assertThat(SignatureCircuitBreaker.of(failing).decide(ctx).kind())
        .isEqualTo(Decision.Kind.FAIL);
  }

  @Test
  void recordingAnAttemptTwiceChangesNothing() {
    BreakerRegistry registry = breaker.registry(state);
    BreakerState once = registry.recordFailure("s", 1, 1, 1, T0);
    BreakerState twice = registry.recordFailure("s", 1, 1, 1, T0);
    assertThat(twice).isEqualTo(once);
    assertThat(twice.window()).hasSize(1);
  }

  @Test
  void theStateSurvivesARestartAndSerializesToJson() throws IOException {
    for (long job = 1; job <= 3; job++) {
      fail(job, 1, REFUSED, T0);
    }
    ObjectMapper json = new ObjectMapper().registerModule(instants());
    String key = BreakerRegistry.key(CONFIG.name(), signature());
    BreakerState stored = state.get(key, BreakerState.class).orElseThrow();
    BreakerState read = json.readValue(json.writeValueAsString(stored), BreakerState.class);
    assertThat(read).isEqualTo(stored);

    // A new runner over a state restored from storage holds launches the same way.
    PolicyState restarted = PolicyState.inMemory(java.util.Map.of(key, read));
    BreakerRegistry registry = BreakerRegistry.of(CONFIG, restarted);
    assertThat(registry.permitsLaunch(signature(), T0.plusSeconds(1))).isFalse();
    assertThat(registry.breakers()).containsOnlyKeys(signature());
  }

  private static SimpleModule instants() {
    SimpleModule module = new SimpleModule();
    module.addSerializer(Instant.class, ToStringSerializer.instance);
    module.addDeserializer(
        Instant.class,
        new StdDeserializer<>(Instant.class) {
          @Override
          public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
            return Instant.parse(p.getValueAsString());
          }
        });
    return module;
  }
}
