package dev.torc.model;

/**
 * One thing wrong with a workflow definition, with where it is when it came from a file.
 *
 * @param source the file, or {@code null} for a workflow built in code
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong, in words a user acts on
 */
public record SpecProblem(String source, int line, int column, String message) {

  /** A problem with no position, such as a dependency cycle. */
  public static SpecProblem of(String message) {
    return new SpecProblem(null, 0, 0, message);
  }

  /** The same problem, attributed to a source file when it has none yet. */
  public SpecProblem inSource(String file) {
    return source == null ? new SpecProblem(file, line, column, message) : this;
  }

  /** {@code file:line:column: message}, leaving out what is unknown. */
  @Override
  public String toString() {
    StringBuilder where = new StringBuilder();
    if (source != null) {
      where.append(source);
      if (line > 0) {
        where.append(':').append(line);
        if (column > 0) {
          where.append(':').append(column);
        }
      }
      where.append(": ");
    }
    return where + message;
  }
}
