package dev.torc.recovery.internal;

import dev.torc.recovery.RecoveryFailurePolicy;
import dev.torc.run.FailurePolicy;
import dev.torc.run.FailurePolicyProvider;

/**
 * Makes {@link RecoveryFailurePolicy#configured()} the default of {@code RunOptions.builder()}, so
 * that a run from Java honours what the workflow declares, as {@code torc run} does.
 */
public final class ConfiguredPolicyProvider implements FailurePolicyProvider {

  /** For {@link java.util.ServiceLoader}. */
  public ConfiguredPolicyProvider() {}

  @Override
  public FailurePolicy create() {
    return RecoveryFailurePolicy.configured();
  }
}
