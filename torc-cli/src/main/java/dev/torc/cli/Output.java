package dev.torc.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Prints results as JSON or as aligned text tables. */
final class Output {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintWriter out;

  Output(PrintWriter out) {
    this.out = out;
  }

  /** Prints a value (maps, lists, scalars) as pretty JSON. */
  void json(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
    out.flush();
  }

  /** A value as one line of JSON, for a table cell or a stream of events. */
  static String compactJson(Object value) {
    try {
      return COMPACT.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final ObjectMapper COMPACT = new ObjectMapper();

  /** Prints a line of text. */
  void line(String text) {
    out.println(text);
    out.flush();
  }

  /** Prints text as it is, without adding a line break. */
  void text(String text) {
    out.print(text);
    out.flush();
  }

  /** Copies everything a reader gives to the output, as it is. */
  void copy(Reader reader) throws IOException {
    char[] buffer = new char[8192];
    int n;
    while ((n = reader.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
    }
    out.flush();
  }

  /** The widest a table cell gets; longer values are cut and end with an ellipsis. */
  static final int MAX_CELL = 80;

  /** Prints rows under a header, each column as wide as its widest cell. */
  void table(List<String> header, List<List<String>> rows) {
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    int[] widths = new int[header.size()];
    for (List<String> row : all) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], cell(row, i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < widths.length; i++) {
        String cell = cell(row, i);
        line.append(cell);
        if (i < widths.length - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }

  /**
   * The cell as one line of at most {@link #MAX_CELL} characters: a job that depends on 100,000
   * others must not make every row of its table a megabyte wide. JSON output shows it all.
   */
  private static String cell(List<String> row, int i) {
    String value = i < row.size() ? row.get(i) : null;
    if (value == null) {
      return "";
    }
    String line = value.replace('\n', ' ');
    return line.length() <= MAX_CELL ? line : line.substring(0, MAX_CELL - 1) + "…";
  }
}
