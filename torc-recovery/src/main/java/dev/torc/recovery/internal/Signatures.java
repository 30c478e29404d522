package dev.torc.recovery.internal;

import java.util.regex.Pattern;

/** Normalizes error lines into signatures that identical failures of different jobs share. */
public final class Signatures {
  private Signatures() {}

  /** The longest signature kept. */
  public static final int MAX_LENGTH = 240;

  private static final Pattern UUID =
      Pattern.compile(
          "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
  private static final Pattern HEX_PREFIXED = Pattern.compile("\\b0[xX][0-9a-fA-F]+\\b");
  private static final Pattern HEX_LONG =
      Pattern.compile("\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b");
  private static final Pattern PATH =
      Pattern.compile(
          "(?:[A-Za-z]:)?(?:~|\\.{1,2})?(?:[/\\\\][^\\s/\\\\'\"`,;:()\\[\\]{}<>]+)+[/\\\\]?");
  private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,:]\\d+)*");
  private static final Pattern SPACE = Pattern.compile("\\s+");
  private static final Pattern ERROR_LINE =
      Pattern.compile(
          "(?i)error|exception|fail|fatal|killed|abort|denied|refused|unavailable|not found"
              + "|timed out|timeout|panic|segmentation fault|traceback|cannot|can't|unable");

  /** The line with UUIDs, hex, paths and numbers blanked out and spaces collapsed. */
  public static String normalize(String line) {
    String s = line.strip();
    s = UUID.matcher(s).replaceAll("<uuid>");
    s = HEX_PREFIXED.matcher(s).replaceAll("<hex>");
    s = HEX_LONG.matcher(s).replaceAll("<hex>");
    s = PATH.matcher(s).replaceAll("<path>");
    s = NUMBER.matcher(s).replaceAll("N");
    s = SPACE.matcher(s).replaceAll(" ");
    return s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s;
  }

  /**
   * The last line of the text that looks like an error, else the last non-blank line, else {@code
   * null}.
   */
  public static String lastErrorLine(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String[] lines = text.split("\\R");
    String lastNonBlank = null;
    for (int i = lines.length - 1; i >= 0; i--) {
      if (lines[i].isBlank()) {
        continue;
      }
      if (lastNonBlank == null) {
        lastNonBlank = lines[i];
      }
      if (ERROR_LINE.matcher(lines[i]).find()) {
        return lines[i];
      }
    }
    return lastNonBlank;
  }

  /** The signature of an attempt that left no standard error. */
  public static String ofExitCode(int exitCode) {
    return "exit " + exitCode;
  }
}
