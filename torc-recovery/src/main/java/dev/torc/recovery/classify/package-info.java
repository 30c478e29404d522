/**
 * Why an attempt failed: causes, failure records, patterns, classifiers and rules.
 *
 * <p>A {@link dev.torc.recovery.classify.FailureAnalyzer} turns a {@link
 * dev.torc.recovery.classify.FailedAttempt} into a {@link
 * dev.torc.recovery.classify.FailureRecord}: its {@link dev.torc.recovery.classify.FailureCause}
 * (from the runner's verdict, the Slurm state, the resource rules of {@link
 * dev.torc.diagnosis.ResourceDiagnosis}, or {@link dev.torc.recovery.classify.FailureClassifier}s
 * such as the {@link dev.torc.recovery.classify.PatternClassifier} with user {@link
 * dev.torc.recovery.classify.ClassificationRule}s), with evidence, confidence and a signature that
 * identical failures of different jobs share.
 */
package dev.torc.recovery.classify;
