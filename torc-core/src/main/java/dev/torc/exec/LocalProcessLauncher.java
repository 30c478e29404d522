package dev.torc.exec;

import dev.torc.exec.internal.Executables;
import dev.torc.exec.internal.LocalJobProcess;
import dev.torc.exec.internal.PosixSpawn;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts shell jobs on this machine as {@code bash -c LINE} (see {@link
 * LaunchRequest#shellLine()}), each leading a session and process group of its own whose id is the
 * job's pid, so that the whole tree can be signalled at once. Thread-safe.
 *
 * <p>Where glibc offers it (2.34 or newer), a job is started with {@code posix_spawn} and {@code
 * POSIX_SPAWN_SETSID}: one {@code exec} per job, every descriptor but the standard three closed.
 * Elsewhere it is {@code setsid bash -c LINE} through the JDK's launcher, three {@code exec}s
 * ({@code jspawnhelper}, {@code setsid}, {@code bash}); that path needs {@code setsid} from
 * util-linux.
 *
 * <p>A request's mark goes into the job's environment; signals to the job then also reach its
 * processes that left the process group (double forks, {@code setsid}, {@code nohup}), found by
 * {@link JobContainment}.
 */
public final class LocalProcessLauncher {
  private static final Logger LOG = LoggerFactory.getLogger(LocalProcessLauncher.class);

  private final Path setsid;
  private final Path bash;
  private final boolean spawnDirectly;
  private final JobContainment containment = JobContainment.detect();

  private LocalProcessLauncher(Path setsid, Path bash, boolean spawnDirectly) {
    this.setsid = setsid;
    this.bash = bash;
    this.spawnDirectly = spawnDirectly;
  }

  /**
   * This launcher, but starting jobs through the JDK's launcher and {@code setsid} even where
   * {@code posix_spawn} is available (the path taken on other C libraries).
   *
   * @return the changed launcher
   */
  public LocalProcessLauncher withJdkLauncher() {
    return new LocalProcessLauncher(setsid, bash, false);
  }

  /**
   * A launcher using the {@code setsid} and {@code bash} found on the PATH.
   *
   * @return the launcher
   * @throws ExecException when either is missing
   */
  public static LocalProcessLauncher create() {
    Path setsid =
        Executables.find("setsid")
            .orElseThrow(
                () ->
                    new ExecException(
                        "setsid not found on the PATH: torc runs each job in its own session"
                            + " with setsid from util-linux (Debian: apt-get install util-linux)"));
    Path bash =
        Executables.find("bash")
            .orElseThrow(
                () -> new ExecException("bash not found on the PATH: torc runs jobs with bash -c"));
    return new LocalProcessLauncher(setsid, bash, PosixSpawn.isAvailable());
  }

  /**
   * Starts a job. The output files and their parent directories are created; existing files are
   * truncated.
   *
   * @param request what to start
   * @return the started job
   * @throws ExecException when the job cannot be started
   */
  public JobProcess start(LaunchRequest request) {
    if (spawnDirectly) {
      return spawn(request);
    }
    ProcessBuilder builder =
        new ProcessBuilder(List.of(setsid.toString(), bash.toString(), "-c", request.shellLine()));
    if (request.workingDirectory() != null) {
      builder.directory(request.workingDirectory().toFile());
    }
    builder.environment().putAll(request.fullEnvironment());
    builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Path out = request.stdoutFile();
    Path err = request.stderrFile();
    try {
      builder.redirectOutput(redirect(out));
      if (out != null && err != null && out.toAbsolutePath().equals(err.toAbsolutePath())) {
        builder.redirectErrorStream(true);
      } else {
        builder.redirectError(redirect(err));
      }
      Instant startTime = Instant.now();
      long startNanos = System.nanoTime();
      Process process = builder.start();
      LOG.debug("started job pid {}: {}", process.pid(), request.shellLine());
      return new LocalJobProcess(
          LocalJobProcess.of(process), startTime, startNanos, request.mark(), containment);
    } catch (IOException e) {
      throw new ExecException(
          "cannot start job '" + request.shellLine() + "': " + e.getMessage(), e);
    }
  }

  /** One exec instead of three: glibc's posix_spawn straight into bash, in a new session. */
  private JobProcess spawn(LaunchRequest request) {
    try {
      createParents(request.stdoutFile(), request.stderrFile());
      Instant startTime = Instant.now();
      long startNanos = System.nanoTime();
      long pid =
          PosixSpawn.spawn(
              bash,
              List.of("bash", "-c", request.shellLine()),
              request.fullEnvironment(),
              request.workingDirectory(),
              request.stdoutFile(),
              request.stderrFile(),
              false);
      LOG.debug("spawned job pid {}: {}", pid, request.shellLine());
      return new LocalJobProcess(
          LocalJobProcess.spawned(pid), startTime, startNanos, request.mark(), containment);
    } catch (IOException | IllegalStateException e) {
      throw new ExecException(
          "cannot start job '" + request.shellLine() + "': " + e.getMessage(), e);
    }
  }

  /** Creates the directories of both files, once when they share one. */
  private static void createParents(Path stdout, Path stderr) throws IOException {
    createParent(stdout);
    if (stderr != null
        && (stdout == null
            || !java.util.Objects.equals(
                stdout.toAbsolutePath().getParent(), stderr.toAbsolutePath().getParent()))) {
      createParent(stderr);
    }
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file == null ? null : file.toAbsolutePath().getParent();
    // Asking first spares the FileAlreadyExistsException that createDirectories throws and
    // catches inside when the directory is there, as it is for all jobs but the first.
    if (parent != null && !Files.isDirectory(parent)) {
      Files.createDirectories(parent);
    }
  }

  private static ProcessBuilder.Redirect redirect(Path file) throws IOException {
    if (file == null) {
      return ProcessBuilder.Redirect.DISCARD;
    }
    createParent(file);
    return ProcessBuilder.Redirect.to(file.toFile());
  }
}
