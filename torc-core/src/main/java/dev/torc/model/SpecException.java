package dev.torc.model;

import dev.torc.TorcException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when a workflow definition is invalid; carries every problem found, not only the first.
 */
public class SpecException extends TorcException {
  private static final long serialVersionUID = 1L;

  private final transient List<SpecProblem> problems;

  /**
   * An exception for every problem found.
   *
   * @param problems the problems, in the order found; at least one
   * @throws IllegalArgumentException when there are none
   */
  public SpecException(List<SpecProblem> problems) {
    super(problems.stream().map(SpecProblem::toString).collect(Collectors.joining("\n")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a spec exception needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /**
   * An exception for a single problem.
   *
   * @param problem what is wrong
   */
  public SpecException(SpecProblem problem) {
    this(List.of(problem));
  }

  /** {@return every problem found, in the order found} */
  public List<SpecProblem> problems() {
    return problems;
  }
}
