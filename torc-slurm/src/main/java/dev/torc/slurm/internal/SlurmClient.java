package dev.torc.slurm.internal;

import dev.torc.slurm.SlurmException;
import dev.torc.slurm.SlurmJobStatus;
import dev.torc.slurm.SlurmState;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talks to Slurm through its commands: submits batch scripts, asks the state of many jobs in one
 * call, cancels. Status calls that fail (Slurm busy, a daemon restarting, the command missing) are
 * tried again with a growing pause and a warning, and when they keep failing the answer is
 * "unknown", never an error that would fail jobs. Thread-safe.
 */
public final class SlurmClient {
  private static final Logger LOG = LoggerFactory.getLogger(SlurmClient.class);

  private static final String STATUS_FIELDS = "JobID,State,ExitCode,Start,End,NodeList";

  private final SlurmCommands commands;
  private final int statusAttempts;
  private final Duration firstPause;

  /** Whether sacct answered before; once it fails for want of accounting, squeue is asked. */
  private volatile boolean sacctWorks = true;

  /**
   * @param statusAttempts how often a status call is tried before its answer is "unknown"
   * @param firstPause the pause after the first failure; it doubles after each further one
   */
  public SlurmClient(SlurmCommands commands, int statusAttempts, Duration firstPause) {
    this.commands = commands;
    this.statusAttempts = Math.max(1, statusAttempts);
    this.firstPause = firstPause;
  }

  /** A client of this machine's Slurm with the usual retries (4 tries, from 1 s). */
  public static SlurmClient local() {
    return new SlurmClient(SlurmCommands.processes(), 4, Duration.ofSeconds(1));
  }

  /** Whether Slurm's commands are here and its controller answers. */
  public boolean available() {
    try {
      return commands.run(List.of("sinfo", "-h", "-o", "%P"), null).exitCode() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Submits a batch script.
   *
   * @param what what is submitted, for messages, such as {@code Slurm scheduler 'big'}
   * @param arguments sbatch arguments before the script (options)
   * @return Slurm's job id
   * @throws SlurmException when sbatch refused (its message is in the exception's) or is missing
   */
  public String submit(String what, List<String> arguments, String script) {
    List<String> command = new ArrayList<>();
    command.add("sbatch");
    command.add("--parsable");
    command.addAll(arguments);
    SlurmCommands.Output out = run(command, script);
    if (out.exitCode() != 0) {
      throw new SlurmException("sbatch refused the allocation of " + what + ": " + out.message());
    }
    String id = out.stdout().strip().split(";")[0].strip();
    if (!id.matches("\\d+(_\\d+)?")) {
      throw new SlurmException(
          "sbatch gave no job id for " + what + ": '" + out.stdout().strip() + "'");
    }
    return id;
  }

  /**
   * Cancels these Slurm jobs in one call; ids Slurm no longer knows are passed over.
   *
   * @return whether scancel accepted them all
   */
  public boolean cancel(Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return true;
    }
    List<String> command = new ArrayList<>();
    command.add("scancel");
    command.addAll(jobIds);
    SlurmCommands.Output out = run(command, null);
    if (out.exitCode() != 0) {
      LOG.warn("scancel {}: {}", String.join(" ", jobIds), out.message());
      return false;
    }
    return true;
  }

  /**
   * The state of these jobs, asked in one call ({@code sacct}, or {@code squeue} where Slurm keeps
   * no accounting), tried again with a pause and a warning when it fails.
   *
   * @return the jobs Slurm answered for, by id; empty when it did not answer in any try (the states
   *     are unknown, which is not a failure of the jobs)
   */
  public Map<String, SlurmJobStatus> status(Collection<String> jobIds) {
    if (jobIds.isEmpty()) {
      return Map.of();
    }
    Duration pause = firstPause;
    for (int attempt = 1; ; attempt++) {
      Optional<Map<String, SlurmJobStatus>> answer = statusOnce(jobIds);
      if (answer.isPresent()) {
        return answer.get();
      }
      if (attempt >= statusAttempts) {
        LOG.warn(
            "Slurm did not answer for jobs {} in {} tries; their states stay unknown for now",
            String.join(",", jobIds),
            attempt);
        return Map.of();
      }
      sleep(pause);
      pause = pause.multipliedBy(2);
    }
  }

  /**
   * When a running job's time is up, from squeue; empty when Slurm does not say.
   *
   * @throws SlurmException when Slurm is not installed
   */
  public Optional<Instant> endTime(String jobId) {
    SlurmCommands.Output out = run(List.of("squeue", "-h", "-j", jobId, "-o", "%e"), null);
    if (out.exitCode() != 0) {
      return Optional.empty();
    }
    return Optional.ofNullable(time(out.stdout().strip()));
  }

  /** Runs sacct with these arguments after {@code -j ids --parsable2}; null when it failed. */
  public String sacct(Collection<String> jobIds, String fields) {
    SlurmCommands.Output out =
        run(
            List.of("sacct", "-n", "--parsable2", "-j", String.join(",", jobIds), "-o", fields),
            null);
    if (out.exitCode() != 0) {
      LOG.warn("sacct failed: {}", out.message());
      return null;
    }
    return out.stdout();
  }

  private Optional<Map<String, SlurmJobStatus>> statusOnce(Collection<String> jobIds) {
    String ids = String.join(",", jobIds);
    try {
      if (sacctWorks) {
        SlurmCommands.Output out =
            commands.run(
                List.of("sacct", "-n", "-X", "--parsable2", "-j", ids, "-o", STATUS_FIELDS), null);
        if (out.exitCode() == 0) {
          return Optional.of(parse(out.stdout(), "\\|"));
        }
        if (out.message().contains("accounting storage is disabled")) {
          LOG.info("Slurm keeps no accounting here; asking squeue for job states");
          sacctWorks = false;
        } else {
          LOG.warn("sacct failed: {}", out.message());
          return Optional.empty();
        }
      }
      SlurmCommands.Output out =
          commands.run(
              List.of("squeue", "-h", "-t", "all", "-j", ids, "-o", "%i|%T|%S|%e|%N"), null);
      if (out.exitCode() == 0) {
        return Optional.of(parseSqueue(out.stdout()));
      }
      LOG.warn("squeue failed: {}", out.message());
    } catch (IOException e) {
      LOG.warn("cannot ask Slurm for job states: {}", e.getMessage());
    }
    return Optional.empty();
  }

  private static Map<String, SlurmJobStatus> parse(String text, String separator) {
    Map<String, SlurmJobStatus> states = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.split(separator, -1);
      if (f.length < 6 || f[0].isBlank() || f[0].contains(".")) {
        continue;
      }
      states.put(
          f[0],
          new SlurmJobStatus(
              f[0],
              SlurmState.parse(f[1]),
              blankToNull(f[2]),
              time(f[3]),
              time(f[4]),
              blankToNull(f[5])));
    }
    return states;
  }

  private static Map<String, SlurmJobStatus> parseSqueue(String text) {
    Map<String, SlurmJobStatus> states = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.split("\\|", -1);
      if (f.length < 5 || f[0].isBlank()) {
        continue;
      }
      SlurmState state = SlurmState.parse(f[1]);
      states.put(
          f[0],
          new SlurmJobStatus(
              f[0], state, null, time(f[2]), state.ended() ? time(f[3]) : null, blankToNull(f[4])));
    }
    return states;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() || text.equals("(null)") ? null : text.strip();
  }

  /** Slurm's local time stamps; {@code Unknown}, {@code None} and {@code N/A} are null. */
  static Instant time(String text) {
    if (text == null || text.isBlank() || !Character.isDigit(text.strip().charAt(0))) {
      return null;
    }
    try {
      return LocalDateTime.parse(text.strip()).atZone(ZoneId.systemDefault()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private SlurmCommands.Output run(List<String> command, String stdin) {
    try {
      return commands.run(command, stdin);
    } catch (IOException e) {
      String program = command.get(0);
      if (e.getMessage() != null && e.getMessage().contains("error=2")) {
        throw new SlurmException(
            "Slurm is not installed here: " + program + " was not found on the PATH");
      }
      throw new SlurmException("cannot run " + program + ": " + e.getMessage());
    }
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
