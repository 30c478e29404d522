package dev.torc.model.internal;

import java.util.Locale;

/** What makes a name unusable: its length, or characters a terminal would act on. */
public final class Names {
  private static final int SHOWN = 60;

  private Names() {}

  /**
   * What is wrong with a name, as a sentence that starts with the kind of thing it names, or {@code
   * null} when nothing is.
   *
   * @param kind what the name is of, such as {@code job}
   */
  public static String problem(String kind, String name, int maxLength) {
    if (name.length() > maxLength) {
      return String.format(
          Locale.ROOT,
          "%s name '%s' is %,d characters long, more than the %,d a name may have",
          kind,
          Printable.shorten(name, SHOWN),
          name.length(),
          maxLength);
    }
    int at = Printable.firstControl(name);
    if (at >= 0) {
      return kind
          + " name '"
          + name
          + "' has the control character "
          + Printable.escape(String.valueOf(name.charAt(at)))
          + " at position "
          + (at + 1)
          + "; names must be printable";
    }
    return null;
  }
}
