package dev.torc.spec.internal;

import dev.torc.model.InputLimits;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a KDL document (version 2, plus version 1's bare {@code true}, {@code false}, {@code null}
 * and {@code r"raw"} strings, as the original torc's examples use both) into nodes that remember
 * where they are, within {@link InputLimits}: the text's size, how deeply children nest and how
 * many values the document holds.
 *
 * <p>Our own reader rather than a library: spec problems name the line and column of the value they
 * are about, which no KDL library on Maven Central reports.
 */
public final class KdlReader {
  /** A node: its name, arguments, properties and children ({@code null} without a block). */
  public record Node(
      String name,
      int line,
      int column,
      List<SpecNode.Scalar> args,
      Map<String, Property> props,
      List<Node> children) {}

  /** A property {@code key=value}, with where its key is. */
  public record Property(String key, int line, int column, SpecNode.Scalar value) {}

  private static final String NOT_IN_IDENTIFIER = "\\/(){};[]\"#=";

  private final String text;
  private final String source;
  private final InputLimits limits;
  private final int[] lineStarts;
  private int pos;
  private int depth;
  private long values;

  private KdlReader(String text, String source, InputLimits limits) {
    this.text = text;
    this.source = source;
    this.limits = limits;
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
        starts.add(i + 1);
      }
    }
    this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Parses a KDL document into its top-level nodes.
   *
   * @throws SpecException with file, line and column for a syntax error or a document beyond the
   *     limits
   */
  public static List<Node> read(String content, String source, InputLimits limits) {
    long bytes = Utf8.length(content);
    if (bytes > limits.maxSpecBytes()) {
      throw new SpecException(
          new SpecProblem(source, 0, 0, Utf8.tooLarge(bytes, limits.maxSpecBytes())));
    }
    String body = content.startsWith("\uFEFF") ? content.substring(1) : content;
    KdlReader reader = new KdlReader(body, source, limits);
    List<Node> nodes = reader.nodes(false);
    if (reader.pos < reader.text.length()) {
      throw reader.error(reader.pos, "unexpected '" + reader.text.charAt(reader.pos) + "'");
    }
    return nodes;
  }

  // ---------------------------------------------------------------- structure

  private List<Node> nodes(boolean inBlock) {
    List<Node> nodes = new ArrayList<>();
    while (true) {
      skipLinespace();
      if (pos >= text.length() || (inBlock && peek() == '}')) {
        return nodes;
      }
      boolean skipped = false;
      if (text.startsWith("/-", pos)) {
        pos += 2;
        skipNodeSpace();
        skipped = true;
      }
      Node node = node();
      if (!skipped) {
        nodes.add(node);
      }
    }
  }

  private Node node() {
    int start = pos;
    skipTypeAnnotation();
    if (pos >= text.length()) {
      throw error(start, "a node name is missing");
    }
    String name = string("a node name");
    List<SpecNode.Scalar> args = new ArrayList<>();
    Map<String, Property> props = new LinkedHashMap<>();
    List<Node> children = null;
    count(start);
    while (true) {
      boolean spaced = skipNodeSpace();
      if (pos >= text.length()) {
        break;
      }
      char c = peek();
      if (c == ';') {
        pos++;
        break;
      }
      if (isNewline(c)) {
        break;
      }
      if (c == '}') {
        break;
      }
      boolean skipped = false;
      if (text.startsWith("/-", pos)) {
        pos += 2;
        skipNodeSpace();
        skipped = true;
        c = pos < text.length() ? peek() : '\0';
      } else if (!spaced && c != '{') {
        throw error(pos, "expected a space before '" + c + "'");
      }
      if (c == '{') {
        List<Node> block = block();
        if (!skipped) {
          if (children != null) {
            throw error(pos - 1, "node '" + name + "' has two blocks of children");
          }
          children = block;
        }
        continue;
      }
      if (children != null && !skipped) {
        throw error(pos, "node '" + name + "' has values after its children");
      }
      int entryStart = pos;
      skipTypeAnnotation();
      SpecNode.Scalar value = value();
      if (pos < text.length() && peek() == '=') {
        if (!(value.value() instanceof String key)) {
          throw error(entryStart, "a property's key must be text");
        }
        pos++;
        skipTypeAnnotation();
        SpecNode.Scalar propValue = value();
        if (!skipped) {
          int[] at = position(entryStart);
          if (props.put(key, new Property(key, at[0], at[1], propValue)) != null) {
            throw error(entryStart, "property '" + key + "' is given twice");
          }
        }
      } else if (!skipped) {
        args.add(value);
      }
      count(entryStart);
    }
    int[] at = position(start);
    return new Node(name, at[0], at[1], args, props, children);
  }

  private List<Node> block() {
    int open = pos;
    pos++;
    if (++depth > limits.maxNestingDepth()) {
      throw error(
          open,
          "children nest more than "
              + limits.maxNestingDepth()
              + " deep here; a spec may nest at most that deep");
    }
    List<Node> children = nodes(true);
    if (pos >= text.length()) {
      throw error(open, "this '{' is never closed");
    }
    pos++;
    depth--;
    return children;
  }

  private void count(int at) {
    if (++values > limits.maxValues()) {
      throw error(
          at,
          String.format(Locale.ROOT, "the spec holds more than %,d values", limits.maxValues()));
    }
  }

  // ---------------------------------------------------------------- values

  private SpecNode.Scalar value() {
    int start = pos;
    int[] at = position(start);
    char c = peek();
    Object value;
    if (c == '"' || c == '#' && isRawStart(pos) || c == 'r' && isV1RawStart()) {
      value = string("a value");
    } else if (c == '#') {
      value = keyword();
    } else if (isDigit(c)
        || (c == '+' || c == '-')
            && pos + 1 < text.length()
            && (isDigit(text.charAt(pos + 1))
                || text.charAt(pos + 1) == '.'
                    && pos + 2 < text.length()
                    && isDigit(text.charAt(pos + 2)))) {
      value = number();
    } else {
      String word = identifier("a value");
      value =
          switch (word) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "null" -> null;
            default -> word;
          };
    }
    return new SpecNode.Scalar(value, at[0], at[1]);
  }

  private boolean isRawStart(int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) == '#') {
      i++;
    }
    return i > from && i < text.length() && text.charAt(i) == '"';
  }

  private boolean isV1RawStart() {
    return pos + 1 < text.length()
        && (text.charAt(pos + 1) == '"' || text.charAt(pos + 1) == '#' && isRawStart(pos + 1));
  }

  private Object keyword() {
    int start = pos;
    pos++;
    String word = identifierChars();
    return switch (word) {
      case "true" -> Boolean.TRUE;
      case "false" -> Boolean.FALSE;
      case "null" -> null;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan" -> Double.NaN;
      default -> throw error(start, "unknown keyword '#" + word + "'");
    };
  }

  /** A node name or string value: quoted, raw, multi-line or a bare identifier. */
  private String string(String what) {
    char c = peek();
    if (c == 'r' && isV1RawStart()) {
      pos++;
      return raw();
    }
    if (c == '#' && isRawStart(pos)) {
      return raw();
    }
    if (c == '"') {
      return text.startsWith("\"\"\"", pos) ? multiline(0) : quoted();
    }
    return identifier(what);
  }

  private String identifier(String what) {
    int start = pos;
    String word = identifierChars();
    if (word.isEmpty()) {
      throw error(start, "expected " + what + ", found '" + peek() + "'");
    }
    return word;
  }

  private String identifierChars() {
    int start = pos;
    while (pos < text.length()) {
      char c = peek();
      if (Character.isWhitespace(c) || c == '\uFEFF' || NOT_IN_IDENTIFIER.indexOf(c) >= 0) {
        break;
      }
      pos++;
    }
    return text.substring(start, pos);
  }

  private String quoted() {
    int start = pos;
    pos++;
    StringBuilder out = new StringBuilder();
    while (true) {
      if (pos >= text.length()) {
        throw error(start, "this string is never closed");
      }
      char c = text.charAt(pos++);
      if (c == '"') {
        return out.toString();
      }
      if (c == '\\') {
        escape(out);
      } else {
        out.append(c);
      }
    }
  }

  /** A {@code """} string: its lines lose the indentation of the line that closes it. */
  private String multiline(int hashes) {
    int start = pos;
    pos += 3;
    StringBuilder raw = new StringBuilder();
    String close = "\"\"\"" + "#".repeat(hashes);
    while (true) {
      if (pos >= text.length()) {
        throw error(start, "this multi-line string is never closed");
      }
      if (text.startsWith(close, pos)) {
        pos += close.length();
        break;
      }
      char c = text.charAt(pos++);
      if (c == '\\' && hashes == 0) {
        escape(raw);
      } else {
        raw.append(c);
      }
    }
    String[] lines = raw.toString().split("\r\n|\n|\r", -1);
    String indent = lines[lines.length - 1];
    if (!indent.isBlank()) {
      throw error(start, "a multi-line string must end on a line of its own");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < lines.length - 1; i++) {
      String line = lines[i];
      if (!line.isBlank() && !line.startsWith(indent)) {
        throw error(start, "a line of this multi-line string is indented less than its end");
      }
      out.append(i > 1 ? "\n" : "").append(line.isBlank() ? "" : line.substring(indent.length()));
    }
    return out.toString();
  }

  private String raw() {
    int start = pos;
    int hashes = 0;
    while (peek() == '#') {
      hashes++;
      pos++;
    }
    if (text.startsWith("\"\"\"", pos)) {
      return multiline(hashes);
    }
    pos++;
    String close = "\"" + "#".repeat(hashes);
    int end = text.indexOf(close, pos);
    if (end < 0) {
      throw error(start, "this raw string is never closed");
    }
    String value = text.substring(pos, end);
    pos = end + close.length();
    return value;
  }

  private void escape(StringBuilder out) {
    if (pos >= text.length()) {
      throw error(pos - 1, "a string ends in the middle of an escape");
    }
    char e = text.charAt(pos++);
    switch (e) {
      case 'n' -> out.append('\n');
      case 'r' -> out.append('\r');
      case 't' -> out.append('\t');
      case '\\' -> out.append('\\');
      case '"' -> out.append('"');
      case '/' -> out.append('/');
      case 'b' -> out.append('\b');
      case 'f' -> out.append('\f');
      case 's' -> out.append(' ');
      case 'u' -> {
        int close = text.indexOf('}', pos);
        if (peek() != '{' || close < 0 || close - pos > 7) {
          throw error(pos - 2, "a \\u escape must look like \\u{1F600}");
        }
        try {
          out.appendCodePoint(Integer.parseInt(text.substring(pos + 1, close), 16));
        } catch (IllegalArgumentException ex) {
          throw error(pos - 2, "a \\u escape must look like \\u{1F600}");
        }
        pos = close + 1;
      }
      default -> {
        if (!Character.isWhitespace(e)) {
          throw error(pos - 2, "unknown escape '\\" + e + "'");
        }
        while (pos < text.length() && Character.isWhitespace(peek())) {
          pos++;
        }
      }
    }
  }

  private Object number() {
    int start = pos;
    String word = identifierChars().replace("_", "");
    try {
      boolean negative = word.startsWith("-");
      String digits = word.startsWith("+") || negative ? word.substring(1) : word;
      int radix = 10;
      if (digits.startsWith("0x")) {
        radix = 16;
      } else if (digits.startsWith("0o")) {
        radix = 8;
      } else if (digits.startsWith("0b")) {
        radix = 2;
      }
      if (radix != 10) {
        return integer(new BigInteger((negative ? "-" : "") + digits.substring(2), radix));
      }
      if (digits.matches("\\d+")) {
        return integer(new BigInteger((negative ? "-" : "") + digits));
      }
      return new BigDecimal(word).doubleValue();
    } catch (NumberFormatException e) {
      throw error(start, "'" + word + "' is not a number");
    }
  }

  private static Object integer(BigInteger value) {
    if (value.bitLength() < 32) {
      return value.intValue();
    }
    return value.bitLength() < 64 ? (Object) value.longValue() : value;
  }

  private void skipTypeAnnotation() {
    if (pos < text.length() && peek() == '(') {
      int close = text.indexOf(')', pos);
      if (close < 0) {
        throw error(pos, "this '(' is never closed");
      }
      pos = close + 1;
    }
  }

  // ---------------------------------------------------------------- space and comments

  /** Skips spaces, comments and escaped newlines on a node's line; whether it skipped any. */
  private boolean skipNodeSpace() {
    int start = pos;
    while (pos < text.length()) {
      char c = peek();
      if (c == '\\') {
        int after = pos + 1;
        while (after < text.length() && isSpace(text.charAt(after))) {
          after++;
        }
        if (text.startsWith("//", after)) {
          after = lineEnd(after);
        }
        if (after < text.length() && isNewline(text.charAt(after))) {
          pos = after + (text.startsWith("\r\n", after) ? 2 : 1);
          continue;
        }
        if (after >= text.length()) {
          pos = after;
          continue;
        }
        throw error(pos, "a '\\' outside a string must end its line");
      } else if (isSpace(c)) {
        pos++;
      } else if (text.startsWith("/*", pos)) {
        skipBlockComment();
      } else {
        break;
      }
    }
    return pos > start;
  }

  private void skipLinespace() {
    while (pos < text.length()) {
      char c = peek();
      if (isSpace(c) || isNewline(c) || c == ';') {
        pos++;
      } else if (text.startsWith("//", pos)) {
        pos = lineEnd(pos);
      } else if (text.startsWith("/*", pos)) {
        skipBlockComment();
      } else {
        return;
      }
    }
  }

  private int lineEnd(int from) {
    int i = from;
    while (i < text.length() && !isNewline(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private void skipBlockComment() {
    int start = pos;
    int nesting = 0;
    while (pos < text.length()) {
      if (text.startsWith("/*", pos)) {
        nesting++;
        pos += 2;
      } else if (text.startsWith("*/", pos)) {
        nesting--;
        pos += 2;
        if (nesting == 0) {
          return;
        }
      } else {
        pos++;
      }
    }
    throw error(start, "this comment is never closed");
  }

  private char peek() {
    return text.charAt(pos);
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\uFEFF' || Character.isSpaceChar(c) && !isNewline(c);
  }

  private static boolean isNewline(char c) {
    return c == '\n'
        || c == '\r'
        || c == '\u0085'
        || c == '\u000B'
        || c == '\f'
        || c == '\u2028'
        || c == '\u2029';
  }

  private int[] position(int offset) {
    int low = 0;
    int high = lineStarts.length - 1;
    while (low < high) {
      int mid = (low + high + 1) >>> 1;
      if (lineStarts[mid] <= offset) {
        low = mid;
      } else {
        high = mid - 1;
      }
    }
    return new int[] {low + 1, offset - lineStarts[low] + 1};
  }

  private SpecException error(int offset, String message) {
    int[] at = position(Math.min(offset, text.length()));
    return new SpecException(new SpecProblem(source, at[0], at[1], "syntax error: " + message));
  }
}
