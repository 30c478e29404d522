package dev.torc.run.internal;

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
      Optional<Decision> decision =
          failure.store().listFailureHandlers(job.workflowId()).stream()
              .filter(h -> h.name().equals(job.failureHandler()))
              .findFirst()
              .flatMap(h -> Decision.byHandler(h, code, failure.countedAttempt()));
      if (decision.isPresent()) {
        return decision.get();
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
