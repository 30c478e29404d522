package dev.torc.model.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A string with parameter placeholders, parsed once and rendered once per parameter combination.
 *
 * <p>A placeholder is {@code {name}} or {@code {name:spec}} where {@code name} is one of the
 * template's parameters and {@code spec} a Python format spec. Everything else is literal: braces
 * around anything that is not a parameter name ({@code {}}, {@code {other}}, {@code {1}}), and any
 * brace directly after a {@code $}, so that shell expansions such as {@code ${VAR}} pass through.
 */
public final class Template {
  /** The longest text a template may render to. */
  public static final int MAX_RENDERED_LENGTH = 1 << 20;

  private final String text;
  private final Object[] parts;
  private final boolean constant;

  private record Placeholder(int index, String spec, PyFormat.Spec parsed) {}

  private Template(String text, Object[] parts) {
    this.text = text;
    this.parts = parts;
    this.constant = parts.length == 0 || (parts.length == 1 && parts[0] instanceof String);
  }

  /**
   * Parses a template.
   *
   * @param parameterIndex parameter name to its position in the values passed to {@link #render}
   * @throws IllegalArgumentException when a placeholder has an invalid format spec
   */
  public static Template compile(String text, Map<String, Integer> parameterIndex) {
    List<Object> parts = new ArrayList<>();
    int literalStart = 0;
    Scan scan = new Scan(text);
    for (Scan.Found found = scan.next(0); found != null; found = scan.next(found.close() + 1)) {
      Integer index = parameterIndex.get(found.name());
      if (index == null) {
        continue;
      }
      if (found.open() > literalStart) {
        parts.add(text.substring(literalStart, found.open()));
      }
      String spec = found.spec();
      parts.add(new Placeholder(index, spec, spec == null ? null : PyFormat.parse(spec)));
      literalStart = found.close() + 1;
    }
    if (literalStart < text.length()) {
      parts.add(text.substring(literalStart));
    }
    return new Template(text, parts.toArray());
  }

  /**
   * The first placeholder in the text, {@code {name}} or {@code {name:spec}}, whose name is not one
   * of these parameters, as written; or {@code null} when there is none.
   */
  public static String firstUndefined(String text, Set<String> parameters) {
    Scan scan = new Scan(text);
    for (Scan.Found found = scan.next(0); found != null; found = scan.next(found.close() + 1)) {
      if (!parameters.contains(found.name())) {
        return text.substring(found.open(), found.close() + 1);
      }
    }
    return null;
  }

  /**
   * Finds placeholder-shaped text in one pass: the positions of the next brace of each kind are
   * kept, so that text with many unclosed braces is still scanned in linear time.
   */
  private static final class Scan {
    private final String text;
    private int nextClose = -2;
    private int nextOpen = -2;

    record Found(int open, int close, String name, String spec) {}

    Scan(String text) {
      this.text = text;
    }

    /** The next placeholder at or after {@code from}, or {@code null}. */
    Found next(int from) {
      int n = text.length();
      for (int i = text.indexOf('{', from); i >= 0; i = text.indexOf('{', i + 1)) {
        if (i > 0 && text.charAt(i - 1) == '$') {
          continue;
        }
        int j = i + 1;
        if (j >= n || !isIdentStart(text.charAt(j))) {
          continue;
        }
        j++;
        while (j < n && isIdentPart(text.charAt(j))) {
          j++;
        }
        if (j >= n) {
          return null;
        }
        String name = text.substring(i + 1, j);
        if (text.charAt(j) == '}') {
          return new Found(i, j, name, null);
        }
        if (text.charAt(j) == ':') {
          int end = after('}', j);
          int nested = after('{', j);
          if (end > 0 && (nested < 0 || nested > end)) {
            return new Found(i, end, name, text.substring(j + 1, end));
          }
        }
      }
      return null;
    }

    /** The first position at or after {@code from} holding {@code c}, or -1. */
    private int after(char c, int from) {
      if (c == '}') {
        if (nextClose != -1 && nextClose < from) {
          nextClose = text.indexOf('}', from);
        }
        return nextClose;
      }
      if (nextOpen != -1 && nextOpen < from) {
        nextOpen = text.indexOf('{', from);
      }
      return nextOpen;
    }
  }

  /** Whether a character can start a parameter name. */
  public static boolean isIdentStart(char c) {
    return c == '_' || (c < 128 && Character.isLetter(c));
  }

  /** Whether a character can continue a parameter name. */
  public static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }

  /** Whether a name can be used in placeholders. */
  public static boolean isIdentifier(String name) {
    if (name.isEmpty() || !isIdentStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!isIdentPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Whether the template has no placeholders, so that it renders to its text every time. */
  public boolean isConstant() {
    return constant;
  }

  /** The template as written. */
  public String text() {
    return text;
  }

  /**
   * Renders the template.
   *
   * @param values the parameter values, by index
   * @param regexEscape whether to regex-escape the substituted values
   * @throws IllegalArgumentException when a format spec does not suit a value, or the text would be
   *     longer than {@link #MAX_RENDERED_LENGTH}
   */
  public String render(ParameterValue[] values, boolean regexEscape) {
    return render(values, null, regexEscape);
  }

  /**
   * Renders the template, taking bare placeholders from precomputed plain renderings.
   *
   * @param plain each value's {@link ParameterValue#plain()}, by index, or {@code null}
   */
  public String render(ParameterValue[] values, String[] plain, boolean regexEscape) {
    if (parts.length == 1 && parts[0] instanceof String literal) {
      return literal;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (Object part : parts) {
      if (part instanceof String literal) {
        out.append(literal);
      } else {
        Placeholder p = (Placeholder) part;
        ParameterValue value = values[p.index()];
        String rendered;
        if (p.spec() != null) {
          rendered = PyFormat.format(value, p.parsed(), p.spec());
        } else {
          rendered = plain == null ? value.plain() : plain[p.index()];
        }
        out.append(regexEscape ? Regexes.escape(rendered) : rendered);
      }
      if (out.length() > MAX_RENDERED_LENGTH) {
        throw new IllegalArgumentException(
            "'"
                + Printable.shorten(text, 60)
                + "' renders to more than "
                + MAX_RENDERED_LENGTH
                + " characters");
      }
    }
    return out.toString();
  }
}
