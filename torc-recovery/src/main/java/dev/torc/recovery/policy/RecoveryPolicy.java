package dev.torc.recovery.policy;

import dev.torc.recovery.internal.PolicyChain;
import dev.torc.run.Decision;
import java.util.List;
import java.util.Objects;

/**
 * Decides what becomes of a job after a failed attempt. Policies compose into a chain that runs
 * outermost first: each policy may decide by itself, or ask the rest of the chain ({@code next})
 * and adjust what it says (a longer delay, a veto), or pass it on unchanged. The end of every chain
 * is {@link FailureContext#unhandled()}: {@code pending_failed} when the workflow uses it, else
 * failed.
 *
 * <p>Policies are thread-safe and deterministic: given the same context (including the history, the
 * time and the policy state) they return the same decision. State they keep lives in {@link
 * FailureContext#state()}, never in fields, so that it survives a restart.
 */
@FunctionalInterface
public interface RecoveryPolicy {

  /** The rest of a chain, as a policy sees it. */
  @FunctionalInterface
  interface Next {
    /**
     * What the rest of the chain decides.
     *
     * @param context the failure and what the policies know of it
     * @return what the rest of the chain decides
     */
    Decision decide(FailureContext context);
  }

  /**
   * Decides about the failure, possibly asking {@code next}.
   *
   * @param context the failure and what the policies know of it
   * @param next the rest of the chain
   * @return the decision
   */
  Decision decide(FailureContext context, Next next);

  /**
   * Decides about the failure with nothing after this policy but the unhandled default.
   *
   * @param context the failure and what the policies know of it
   * @return the decision
   */
  default Decision decide(FailureContext context) {
    return decide(context, FailureContext::unhandled);
  }

  /**
   * A chain of this policy around {@code inner}: this one runs first.
   *
   * @param inner the policy that decides after this one
   * @return a chain of this policy around {@code inner}: this one runs first
   */
  default RecoveryPolicy then(RecoveryPolicy inner) {
    Objects.requireNonNull(inner, "inner");
    return PolicyChain.of(List.of(this, inner));
  }

  /**
   * The policies this one is made of, outermost first: a chain's members, or this policy alone. The
   * runner's launch gate looks here for a circuit breaker, so a breaker in a chain gates launches
   * without being configured a second time.
   *
   * @return the members; none for an empty chain
   */
  default List<RecoveryPolicy> members() {
    return List.of(this);
  }

  /**
   * A chain of the policies, outermost first; an empty chain leaves every failure unhandled.
   *
   * @param outermostFirst the policies, the first decides first
   * @return a chain of the policies, outermost first; an empty chain leaves every failure unhandled
   */
  static RecoveryPolicy chain(List<? extends RecoveryPolicy> outermostFirst) {
    return PolicyChain.of(outermostFirst);
  }

  /**
   * A chain of the policies, outermost first.
   *
   * @param outermostFirst the policies, the first decides first
   * @return a chain of the policies, outermost first
   */
  static RecoveryPolicy chain(RecoveryPolicy... outermostFirst) {
    return chain(List.of(outermostFirst));
  }
}
