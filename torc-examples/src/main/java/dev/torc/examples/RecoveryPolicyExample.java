package dev.torc.examples;

import dev.torc.model.FailureHandler;
import dev.torc.model.FailureRule;
import dev.torc.model.JobSpec;
import dev.torc.model.Workflow;
import dev.torc.recovery.Recovery;
import dev.torc.recovery.breaker.BreakerConfig;
import dev.torc.recovery.breaker.SignatureCircuitBreaker;
import dev.torc.recovery.policy.ExponentialBackoff;
import dev.torc.run.RunOptions;
import dev.torc.run.RunResult;
import dev.torc.sdk.Torc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A workflow and a recovery chain built in code, run in memory: a circuit breaker per failure
 * signature, exponential backoff, the job's fallback commands and the workflow's failure handlers.
 *
 * <ul>
 *   <li>{@code flaky} exits 10 on its first attempt; its failure handler retries exit 10, after a
 *       backoff of 100 ms.
 *   <li>{@code fetch} always fails with its own command; its first fallback command succeeds.
 *   <li>{@code report} runs once both have completed.
 * </ul>
 *
 * <p>Run it with {@code ./mvnw -pl torc-examples -am compile exec:java
 * -Dexec.mainClass=dev.torc.examples.RecoveryPolicyExample}, or see {@code
 * torc-examples/jbang/RecoveryPolicy.java}.
 */
public final class RecoveryPolicyExample {
  private RecoveryPolicyExample() {}

  /** The workflow: a flaky job with a failure handler, a job with a fallback, and a report. */
  public static Workflow workflow() {
    return Workflow.builder("recovery_policy_example")
        .failureHandler(FailureHandler.of("retry_on_10", FailureRule.forExitCodes(3, null, 10)))
        .job(
            JobSpec.builder("flaky")
                .command(
                    "[ \"$TORC_ATTEMPT_ID\" -ge 2 ] || { echo 'busy, try later' >&2; exit 10; }")
                .failureHandler("retry_on_10")
                .build())
        .job(
            JobSpec.builder("fetch")
                .command("echo 'primary mirror: Connection refused' >&2; exit 7")
                .fallbackCommands("echo fetched from the second mirror")
                .build())
        .job(JobSpec.builder("report").command("echo all done").dependsOn("flaky", "fetch").build())
        .build();
  }

  /**
   * The recovery, outermost first: a circuit breaker (which also holds the launches of jobs that
   * would fail the same way), a backoff that spaces the retries decided after it, each job's
   * fallback commands, and the workflow's failure handlers.
   */
  public static Recovery recovery() {
    return Recovery.with(
        SignatureCircuitBreaker.of(BreakerConfig.builder().failureRate(0.5).build()),
        ExponentialBackoff.builder()
            .initial(Duration.ofMillis(100))
            .max(Duration.ofSeconds(1))
            .jitter(0.0)
            .build(),
        Recovery.jobFallbacks(),
        Recovery.failureHandlers());
  }

  /** Runs the workflow with the chain in an in-memory store, writing job logs under outputDir. */
  public static RunResult run(Path outputDir) {
    try (Torc torc = Torc.inMemory()) {
      RunOptions options =
          RunOptions.builder().outputDir(outputDir).failurePolicy(recovery()).build();
      return torc.run(workflow(), options);
    }
  }

  public static void main(String[] args) throws Exception {
    Path out = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("torc-recovery");
    RunResult result = run(out);
    System.out.println("outcome: " + result.outcome());
    result
        .jobs()
        .forEach(
            job ->
                System.out.println(
                    job.name()
                        + ": "
                        + job.status().label()
                        + " after "
                        + job.attemptId()
                        + " attempt(s)"));
    System.out.println("logs in " + out);
  }
}
