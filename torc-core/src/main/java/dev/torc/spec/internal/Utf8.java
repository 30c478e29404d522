package dev.torc.spec.internal;

import java.util.Locale;

/** The size of a spec in bytes of UTF-8, and the words for one that is too large. */
public final class Utf8 {
  private Utf8() {}

  /** How many bytes the text takes in UTF-8. */
  public static long length(CharSequence text) {
    long bytes = 0;
    int n = text.length();
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /** The problem with a spec of this many bytes, over the limit. */
  public static String tooLarge(long bytes, long limit) {
    return String.format(
        Locale.ROOT,
        "the spec is %,d bytes long, more than the %,d bytes a spec may have",
        bytes,
        limit);
  }
}
