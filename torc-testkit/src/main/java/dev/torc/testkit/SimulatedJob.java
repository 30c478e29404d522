package dev.torc.testkit;

import dev.torc.model.FailureHandler;
import dev.torc.model.ResourceRequirements;
import java.util.List;
import java.util.Objects;

/**
 * A job whose attempts end as scripted: attempt {@code n} ends with outcome {@code n}; once the
 * script is used up, the last outcome repeats.
 *
 * @param name the job's name, unique in a simulation
 * @param command the job's command
 * @param requirements the requirements of the first attempt
 * @param handler the job's failure handler, or {@code null}
 * @param script the outcomes, at least one
 */
public record SimulatedJob(
    String name,
    String command,
    ResourceRequirements requirements,
    FailureHandler handler,
    List<Outcome> script) {

  /**
   * Checks the values.
   *
   * @param name the job's name, unique in a simulation
   * @param command the job's command
   * @param requirements the requirements of the first attempt
   * @param handler the job's failure handler, or {@code null}
   * @param script the outcomes, at least one
   */
  public SimulatedJob {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(requirements, "requirements");
    script = List.copyOf(script);
    if (script.isEmpty()) {
      throw new IllegalArgumentException("a simulated job needs at least one outcome");
    }
  }

  /**
   * A job with the default requirements, no handler, and this script.
   *
   * @param name the name
   * @param script the outcomes of its attempts, in order
   * @return a job with the default requirements, no handler, and this script
   */
  public static SimulatedJob of(String name, Outcome... script) {
    return new SimulatedJob(
        name, "run " + name, ResourceRequirements.DEFAULT, null, List.of(script));
  }

  /**
   * This job with a failure handler.
   *
   * @param failureHandler the job's failure handler, or null
   * @return this job with a failure handler
   */
  public SimulatedJob withHandler(FailureHandler failureHandler) {
    return new SimulatedJob(name, command, requirements, failureHandler, script);
  }

  /**
   * This job with other requirements.
   *
   * @param rr the resource requirements
   * @return this job with other requirements
   */
  public SimulatedJob withRequirements(ResourceRequirements rr) {
    return new SimulatedJob(name, command, rr, handler, script);
  }

  /**
   * The outcome of an attempt (1-based).
   *
   * @param attemptId the attempt number
   * @return the outcome of an attempt (1-based)
   */
  public Outcome outcome(int attemptId) {
    return script.get(Math.min(attemptId, script.size()) - 1);
  }
}
