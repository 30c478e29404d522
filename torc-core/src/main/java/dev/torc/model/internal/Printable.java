package dev.torc.model.internal;

/**
 * Text that is safe to show on a terminal: control characters written as escapes, and very long
 * text shortened.
 */
public final class Printable {
  private Printable() {}

  /**
   * Whether a character must not appear raw on a terminal or in a name: C0 and C1 controls, DEL,
   * line and paragraph separators, and the bidirectional overrides and isolates that reorder what
   * is shown.
   */
  public static boolean isControl(char c) {
    return Character.getType(c) == Character.CONTROL
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  /** The position of the first {@linkplain #isControl control character}, or -1. */
  public static int firstControl(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (isControl(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The text with every {@linkplain #isControl control character} written as an escape: {@code \n},
   * {@code \r}, {@code \t}, {@code \0}, {@code \x1b} for other characters below 256 and a
   * backslash, {@code u} and four hex digits above; the text itself when it has none.
   */
  public static String escape(String text) {
    int first = firstControl(text);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isControl(c)) {
        out.append(c);
        continue;
      }
      switch (c) {
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\0' -> out.append("\\0");
        default ->
            out.append(
                c < 256 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      }
    }
    return out.toString();
  }

  /**
   * The text cut to at most {@code max} characters plus a note of how many were left out, keeping
   * its start and its end.
   */
  public static String shorten(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int keep = Math.max(max / 2 - 20, 8);
    int omitted = text.length() - 2 * keep;
    return text.substring(0, keep)
        + "…("
        + omitted
        + " characters left out)…"
        + text.substring(text.length() - keep);
  }
}
