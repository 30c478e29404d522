package dev.torc.run.internal;

import dev.torc.run.BreakerTransition;
import dev.torc.run.Decision;
import dev.torc.run.JobListener;
import dev.torc.store.JobRecord;
import dev.torc.store.JobResult;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells each of the run's listeners in turn; a listener that throws does not stop the others. */
public final class ListenerFanOut implements JobListener {
  private static final Logger LOG = LoggerFactory.getLogger(ListenerFanOut.class);

  private final List<JobListener> listeners;

  private ListenerFanOut(List<JobListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** One listener for these; {@link JobListener#NONE} for none. */
  public static JobListener of(List<JobListener> listeners) {
    return listeners.isEmpty() ? JobListener.NONE : new ListenerFanOut(listeners);
  }

  private void tell(Consumer<JobListener> call) {
    for (JobListener listener : listeners) {
      try {
        call.accept(listener);
      } catch (RuntimeException e) {
        LOG.warn("a job listener failed: {}", e.toString());
      }
    }
  }

  @Override
  public void jobStarted(JobRecord job) {
    tell(l -> l.jobStarted(job));
  }

  @Override
  public void jobFinished(JobRecord job, JobResult result) {
    tell(l -> l.jobFinished(job, result));
  }

  @Override
  public void decisionMade(JobRecord job, JobResult failed, Decision decision) {
    tell(l -> l.decisionMade(job, failed, decision));
  }

  @Override
  public void retryScheduled(
      JobRecord job, JobResult failed, Decision decision, Instant notBefore) {
    tell(l -> l.retryScheduled(job, failed, decision, notBefore));
  }

  @Override
  public void awaitingClassification(JobRecord job, JobResult failed, String reason) {
    tell(l -> l.awaitingClassification(job, failed, reason));
  }

  @Override
  public void breakerOpened(BreakerTransition transition) {
    tell(l -> l.breakerOpened(transition));
  }

  @Override
  public void breakerHalfOpen(BreakerTransition transition) {
    tell(l -> l.breakerHalfOpen(transition));
  }

  @Override
  public void breakerClosed(BreakerTransition transition) {
    tell(l -> l.breakerClosed(transition));
  }
}
