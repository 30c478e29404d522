package dev.torc.model;

import dev.torc.model.internal.Printable;

/**
 * One thing wrong with a workflow definition, with where it is when it came from a file.
 *
 * <p>The message and source are safe to print: control characters in them (from names in a spec,
 * say) are written as escapes such as {@code \x1b}, and a message longer than {@value
 * #MAX_MESSAGE_LENGTH} characters is shortened.
 *
 * @param source the file, or {@code null} for a workflow built in code
 * @param line 1-based line, or 0 when unknown
 * @param column 1-based column, or 0 when unknown
 * @param message what is wrong, in words a user acts on
 */
public record SpecProblem(String source, int line, int column, String message) {
  /** The longest message kept whole. */
  public static final int MAX_MESSAGE_LENGTH = 2000;

  /**
   * Makes the source and message safe to print.
   *
   * @param source the file, or {@code null} for a workflow built in code
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param message what is wrong, in words a user acts on
   */
  public SpecProblem {
    source =
        source == null ? null : Printable.shorten(Printable.escape(source), MAX_MESSAGE_LENGTH);
    message = Printable.shorten(Printable.escape(message), MAX_MESSAGE_LENGTH);
  }

  /**
   * A problem with no position, such as a dependency cycle.
   *
   * @param message what is wrong, in words a user acts on
   * @return the problem
   */
  public static SpecProblem of(String message) {
    return new SpecProblem(null, 0, 0, message);
  }

  /**
   * The same problem, attributed to a source file when it has none yet.
   *
   * @param file the file the definition came from
   * @return this problem if it has a source, else a copy in {@code file}
   */
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
