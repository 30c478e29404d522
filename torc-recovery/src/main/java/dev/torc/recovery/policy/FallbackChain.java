package dev.torc.recovery.policy;

import dev.torc.run.Decision;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Replaces a failing command with alternatives: after the primary command fails (attempt 1), retry
 * {@code k} (after failed attempt {@code k}) runs fallback command {@code k}; when every fallback
 * has failed, the job fails. It decides by itself, whatever the cause; put budgets or a breaker
 * outside it to veto retries. A Java task has no command to replace: its failures go to the rest of
 * the chain.
 *
 * <p>Immutable and thread-safe.
 */
public final class FallbackChain implements RecoveryPolicy {

  /**
   * The alternatives.
   *
   * @param commands fallback commands in the order they are tried, at least one
   */
  public record Config(List<String> commands) {
    /**
     * Checks the values against the ranges above.
     *
     * @param commands fallback commands in the order they are tried, at least one
     */
    public Config {
      commands = List.copyOf(Objects.requireNonNull(commands, "commands"));
      if (commands.isEmpty()) {
        throw new IllegalArgumentException("a fallback chain needs at least one command");
      }
      for (String command : commands) {
        if (command.isBlank()) {
          throw new IllegalArgumentException("a fallback command cannot be blank");
        }
      }
    }
  }

  private final Config config;

  private FallbackChain(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * A chain with this configuration.
   *
   * @param config the configuration
   * @return a chain with this configuration
   */
  public static FallbackChain of(Config config) {
    return new FallbackChain(config);
  }

  /**
   * A chain of these commands, tried in order.
   *
   * @param commands the commands, in order
   * @return a chain of these commands, tried in order
   */
  public static FallbackChain of(String... commands) {
    return new FallbackChain(new Config(List.of(commands)));
  }

  /**
   * This policy's configuration.
   *
   * @return the configuration
   */
  public Config config() {
    return config;
  }

  @Override
  public Decision decide(FailureContext context, Next next) {
    if (context.job().isJavaTask()) {
      return next.decide(context);
    }
    int retry = context.attemptId();
    List<String> commands = config.commands();
    if (retry <= commands.size()) {
      return new Decision.Retry(
          Duration.ZERO,
          null,
          null,
          commands.get(retry - 1),
          "fallback " + retry + " of " + commands.size() + " after attempt " + retry + " failed");
    }
    return Decision.fail(
        "all " + commands.size() + " fallback commands failed: " + context.failure().evidence());
  }

  @Override
  public String toString() {
    return "FallbackChain" + config.commands();
  }
}
