package dev.torc.model.internal;

/** Regex helpers: readable escaping, and recognising regexes that match one literal string. */
public final class Regexes {
  private static final String META = "\\.[]{}()*+?^$|";

  private Regexes() {}

  /**
   * Escapes regex metacharacters with backslashes, so that {@code a.b} becomes {@code a\.b}; the
   * result matches exactly the text.
   */
  public static String escape(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (META.indexOf(c) >= 0) {
        if (out == null) {
          out = new StringBuilder(text.length() + 8).append(text, 0, i);
        }
        out.append('\\');
      }
      if (out != null) {
        out.append(c);
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * The one string a regex matches when it is a plain literal (possibly with escaped
   * metacharacters), or {@code null} when it may match other strings.
   */
  public static String literalOf(String regex) {
    StringBuilder out = new StringBuilder(regex.length());
    for (int i = 0; i < regex.length(); i++) {
      char c = regex.charAt(i);
      if (c == '\\') {
        if (i + 1 >= regex.length()) {
          return null;
        }
        char next = regex.charAt(++i);
        if (Character.isLetterOrDigit(next) || next > 127) {
          return null;
        }
        out.append(next);
      } else if (META.indexOf(c) >= 0) {
        return null;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
