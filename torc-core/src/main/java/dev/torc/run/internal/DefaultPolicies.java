package dev.torc.run.internal;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.run.Decision;
import dev.torc.run.FailurePolicy;
import dev.torc.run.FailurePolicyProvider;
import dev.torc.store.JobRecord;
import java.util.Optional;
import java.util.ServiceLoader;

/** The failure policies {@link FailurePolicy#standard()} and {@link FailurePolicy#configured()}. */
public final class DefaultPolicies {
  private DefaultPolicies() {}

  /** The failure handlers alone; see {@link FailurePolicy#standard()}. */
  public static final FailurePolicy STANDARD = DefaultPolicies::byHandlers;

  /** The first provider's policy, else {@link #STANDARD}. */
  public static FailurePolicy configured() {
    for (FailurePolicyProvider provider :
        ServiceLoader.load(FailurePolicyProvider.class, DefaultPolicies.class.getClassLoader())) {
      return provider.create();
    }
    return STANDARD;
  }

  private static Decision byHandlers(FailurePolicy.Failure failure) {
    JobRecord job = failure.job();
    int code = failure.result().returnCode();
    if (job.failureHandler() != null) {
      Optional<FailureHandler> handler =
          failure.store().listFailureHandlers(job.workflowId()).stream()
              .filter(h -> h.name().equals(job.failureHandler()))
              .findFirst();
      Optional<FailureRule> rule = handler.flatMap(h -> h.ruleFor(code));
      if (rule.isPresent()) {
        FailureRule r = rule.get();
        String which =
            "failure handler "
                + job.failureHandler()
                + (r.namesExitCode(code)
                    ? " rule for exit code " + code
                    : " catch-all rule (exit code " + code + ")");
        int attempt = failure.countedAttempt();
        return r.allowsRetryAfter(attempt)
            ? Decision.retryAfter(
                r.recoveryScript(),
                which + ": retry " + attempt + " of max_retries " + r.maxRetries())
            : Decision.fail(
                which + ": max_retries " + r.maxRetries() + " used up after attempt " + attempt);
      }
    }
    String why =
        job.failureHandler() == null
            ? "the job failed with return code " + code + " and has no failure handler"
            : "no rule of failure handler " + job.failureHandler() + " matches return code " + code;
    return failure.workflow().usePendingFailed()
        ? Decision.awaitClassification(why)
        : Decision.fail(why);
  }
}
