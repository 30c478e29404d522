package dev.torc.recovery.policy;

import dev.torc.run.Decision;
import java.util.List;

/**
 * The job's own {@code fallback_commands}: a failed job that has them is retried with them in
 * order, as a {@link FallbackChain} (retry k runs fallback k; when all have failed, the job fails);
 * a job without them is left to the rest of the chain.
 *
 * <p>Stateless and thread-safe.
 */
public final class JobFallbackPolicy implements RecoveryPolicy {
  private static final JobFallbackPolicy INSTANCE = new JobFallbackPolicy();

  private JobFallbackPolicy() {}

  /**
   * The policy.
   *
   * @return the policy
   */
  public static JobFallbackPolicy create() {
    return INSTANCE;
  }

  @Override
  public Decision decide(FailureContext context, Next next) {
    List<String> commands = context.job().fallbackCommands();
    if (commands.isEmpty()) {
      return next.decide(context);
    }
    return FallbackChain.of(new FallbackChain.Config(commands)).decide(context, next);
  }

  @Override
  public String toString() {
    return "JobFallbackPolicy";
  }
}
