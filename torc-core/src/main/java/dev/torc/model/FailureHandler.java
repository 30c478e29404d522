package dev.torc.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Named rules that decide how a job's failures are retried. A rule that names the exit code wins
 * over a catch-all rule; among equals the first in the list wins.
 *
 * @param name the name jobs use to refer to this handler
 * @param rules the rules, in order
 */
public record FailureHandler(String name, List<FailureRule> rules) {

  /**
   * Copies the rules; no rules is an empty list.
   *
   * @param name the name jobs use to refer to this handler
   * @param rules the rules, in order
   */
  public FailureHandler {
    Objects.requireNonNull(name, "name");
    rules = List.copyOf(Objects.requireNonNullElse(rules, List.of()));
  }

  /**
   * A handler with these rules.
   *
   * @param name the name jobs use to refer to this handler
   * @param rules the rules, in order
   * @return the handler
   */
  public static FailureHandler of(String name, FailureRule... rules) {
    return new FailureHandler(name, List.of(rules));
  }

  /**
   * The rule that applies to a failure with this exit code: the first that names it, else the first
   * catch-all rule.
   *
   * @param exitCode the failed attempt's exit code
   * @return the rule, or empty when none applies
   */
  public Optional<FailureRule> ruleFor(int exitCode) {
    return rules.stream()
        .filter(rule -> rule.namesExitCode(exitCode))
        .findFirst()
        .or(() -> rules.stream().filter(FailureRule::matchAllExitCodes).findFirst());
  }
}
