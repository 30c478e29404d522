package dev.torc.sdk;

import java.util.Objects;

/**
 * What {@link Torc#whatIf} replays: a recovery policy in the YAML of {@code torc recover --what-if
 * POLICY.yaml} ({@link dev.torc.recovery.workflow.WhatIfPolicy}); keys left out keep the defaults
 * of {@code torc watch --recover}, with this machine's memory as the limit.
 *
 * @param policy the policy document; blank for the defaults
 */
public record WhatIfRequest(String policy) {
  /**
   * Checks that the policy is given.
   *
   * @param policy the policy document; blank for the defaults
   */
  public WhatIfRequest {
    Objects.requireNonNull(policy, "policy");
  }
}
