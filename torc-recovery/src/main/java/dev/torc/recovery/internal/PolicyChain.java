package dev.torc.recovery.internal;

import dev.torc.recovery.policy.FailureContext;
import dev.torc.recovery.policy.RecoveryPolicy;
import dev.torc.run.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A chain of policies, outermost first, that keeps its members so that the layers around it (the
 * runner's launch gate) can find a circuit breaker in it.
 */
public final class PolicyChain implements RecoveryPolicy {
  private final List<RecoveryPolicy> members;

  private PolicyChain(List<RecoveryPolicy> members) {
    this.members = List.copyOf(members);
  }

  /** The chain of these policies, outermost first; nested chains are flattened. */
  public static PolicyChain of(List<? extends RecoveryPolicy> outermostFirst) {
    List<RecoveryPolicy> flat = new ArrayList<>();
    for (RecoveryPolicy p : outermostFirst) {
      flat.addAll(p.members());
    }
    return new PolicyChain(flat);
  }

  @Override
  public Decision decide(FailureContext context, Next next) {
    return decideFrom(0, context, next);
  }

  private Decision decideFrom(int index, FailureContext context, Next next) {
    if (index == members.size()) {
      return next.decide(context);
    }
    return members.get(index).decide(context, c -> decideFrom(index + 1, c, next));
  }

  @Override
  public List<RecoveryPolicy> members() {
    return members;
  }

  @Override
  public String toString() {
    return members.stream().map(Object::toString).collect(Collectors.joining(" -> ", "[", "]"));
  }
}
