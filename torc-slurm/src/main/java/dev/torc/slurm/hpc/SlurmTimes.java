package dev.torc.slurm.hpc;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Slurm's time limits: {@code D-HH:MM:SS}, {@code HH:MM:SS}, {@code MM:SS}, minutes. */
public final class SlurmTimes {
  private static final Pattern TIME = Pattern.compile("(?:(\\d+)-)?(\\d+)(?::(\\d+))?(?::(\\d+))?");

  private SlurmTimes() {}

  /**
   * A duration as Slurm writes it: {@code HH:MM:SS}, or {@code D-HH:MM:SS} from a day on.
   *
   * @param d a non-negative duration
   * @return the text
   */
  public static String format(Duration d) {
    long secs = Math.max(0, d.toSeconds());
    long days = secs / 86_400;
    long h = (secs % 86_400) / 3600;
    long m = (secs % 3600) / 60;
    long s = secs % 60;
    String hms = String.format("%02d:%02d:%02d", h, m, s);
    return days > 0 ? days + "-" + hms : hms;
  }

  /**
   * A time limit as {@code sinfo} and {@code scontrol} print it, or {@code null} for {@code
   * infinite}/{@code UNLIMITED}.
   *
   * @throws IllegalArgumentException when it is neither
   * @param text the time limit as printed
   * @return the duration, or {@code null}
   */
  public static Duration parse(String text) {
    String t = text.strip();
    if (t.equalsIgnoreCase("infinite") || t.equalsIgnoreCase("unlimited")) {
      return null;
    }
    Matcher m = TIME.matcher(t);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a Slurm time limit: '" + text + "'");
    }
    long days = m.group(1) == null ? 0 : Long.parseLong(m.group(1));
    long a = Long.parseLong(m.group(2));
    Long b = m.group(3) == null ? null : Long.parseLong(m.group(3));
    Long c = m.group(4) == null ? null : Long.parseLong(m.group(4));
    long seconds;
    if (c != null) {
      seconds = a * 3600 + b * 60 + c;
    } else if (b != null) {
      // With a day part, H:M; without, M:S.
      seconds = m.group(1) != null ? a * 3600 + b * 60 : a * 60 + b;
    } else {
      seconds = m.group(1) != null ? a * 3600 : a * 60;
    }
    return Duration.ofSeconds(days * 86_400 + seconds);
  }
}
