package dev.torc.recovery.internal;

import static dev.torc.recovery.classify.FailureCause.PERMANENT;
import static dev.torc.recovery.classify.FailureCause.TRANSIENT;

import dev.torc.recovery.classify.ClassificationRule;
import java.util.List;

/**
 * The built-in patterns: the error classification guide of the AI-assisted recovery tutorial plus
 * the common failures of Python, Java, MPI, Slurm, CUDA/NCCL, networks, file systems and resource
 * limits. Each rule has a real message in the tests ({@code captured-failures.txt}). Exception
 * names and tokens such as {@code EIO} or {@code PREEMPTED} are case-sensitive whole words, so that
 * ordinary prose does not match them; phrases are case-insensitive.
 */
public final class BuiltInPatterns {
  private BuiltInPatterns() {}

  public static final List<ClassificationRule> RULES =
      List.of(
          // Network
          new ClassificationRule("(?i)connection refused", TRANSIENT, 0.85),
          new ClassificationRule("(?i)connection timed out", TRANSIENT, 0.85),
          new ClassificationRule("(?i)connection reset by peer", TRANSIENT, 0.8),
          new ClassificationRule("(?i)temporary failure in name resolution", TRANSIENT, 0.85),
          new ClassificationRule("(?i)network is unreachable", TRANSIENT, 0.75),
          new ClassificationRule("(?i)no route to host", TRANSIENT, 0.75),
          new ClassificationRule("(?i)couldn't connect to server", TRANSIENT, 0.75),
          new ClassificationRule("\\bConnection(Reset|Aborted)Error\\b", TRANSIENT, 0.8),
          // Timeouts of a network call, in Python and Java
          new ClassificationRule("\\bTimeoutError\\b", TRANSIENT, 0.8),
          new ClassificationRule("\\bSocketTimeoutException\\b", TRANSIENT, 0.85),
          new ClassificationRule("(?i)\\btimed out\\b", TRANSIENT, 0.7),
          // GPU / HPC
          new ClassificationRule("(?i)\\bNCCL\\b.*\\b(timeout|timed out)\\b", TRANSIENT, 0.85),
          new ClassificationRule("(?i)GPU communication error", TRANSIENT, 0.85),
          new ClassificationRule("Watchdog caught collective operation timeout", TRANSIENT, 0.85),
          new ClassificationRule(
              "(?i)CUDA-capable device(s| ?\\(s\\) is/are) (are )?busy or unavailable",
              TRANSIENT,
              0.8),
          new ClassificationRule("(?i)CUDA out of memory", PERMANENT, 0.7),
          new ClassificationRule("MPI_ABORT was invoked", PERMANENT, 0.6),
          // Hardware
          new ClassificationRule("\\bEIO\\b", TRANSIENT, 0.8),
          new ClassificationRule("(?i)input/output error", TRANSIENT, 0.8),
          new ClassificationRule("(?i)stale file handle", TRANSIENT, 0.75),
          // HPC scheduling
          new ClassificationRule("(?i)\\bnode fail(ure|ed)\\b", TRANSIENT, 0.85),
          new ClassificationRule("DUE TO NODE FAILURE", TRANSIENT, 0.95),
          new ClassificationRule("\\bNODE_FAIL\\b", TRANSIENT, 0.9),
          new ClassificationRule("\\bPREEMPTED\\b", TRANSIENT, 0.9),
          new ClassificationRule("DUE TO PREEMPTION", TRANSIENT, 0.95),
          // External services
          new ClassificationRule("(?i)service unavailable", TRANSIENT, 0.85),
          new ClassificationRule("(?<![Ll]ine )\\b503\\b", TRANSIENT, 0.6),
          new ClassificationRule("(?i)bad gateway|gateway time-?out", TRANSIENT, 0.8),
          new ClassificationRule("(?i)too many requests", TRANSIENT, 0.85),
          new ClassificationRule("(?<![Ll]ine )\\b429\\b", TRANSIENT, 0.6),
          new ClassificationRule("(?i)resource temporarily unavailable", TRANSIENT, 0.7),
          // Code bugs: an uncaught Python or Java exception no other rule explains, crashes
          new ClassificationRule("^Traceback \\(most recent call last\\):", PERMANENT, 0.5),
          new ClassificationRule("^Exception in thread \"[^\"]*\" ", PERMANENT, 0.5),
          new ClassificationRule(
              "\\b(ZeroDivision|Assertion|Recursion|NotImplemented|Unicode(De|En)code)Error\\b",
              PERMANENT,
              0.85),
          new ClassificationRule(
              "\\bjava\\.lang\\.(NullPointerException|ArrayIndexOutOfBoundsException|ClassCastException"
                  + "|IllegalArgumentException|IllegalStateException|NumberFormatException"
                  + "|StackOverflowError)\\b",
              PERMANENT,
              0.85),
          new ClassificationRule("java\\.lang\\.OutOfMemoryError: Java heap space", PERMANENT, 0.7),
          new ClassificationRule(
              "\\b(ClassNotFoundException|NoClassDefFoundError|NoSuchMethodError"
                  + "|UnsatisfiedLinkError)\\b|Could not find or load main class",
              PERMANENT,
              0.9),
          new ClassificationRule(
              "\\b(Segmentation fault|Floating point exception|Illegal instruction|Bus error)",
              PERMANENT,
              0.85),
          new ClassificationRule("Assertion [`'].*' failed\\.", PERMANENT, 0.9),
          new ClassificationRule("\\bSyntaxError\\b", PERMANENT, 0.95),
          new ClassificationRule("\\bIndentationError\\b", PERMANENT, 0.95),
          new ClassificationRule("\\bNameError\\b", PERMANENT, 0.85),
          new ClassificationRule("\\bAttributeError\\b", PERMANENT, 0.8),
          new ClassificationRule("\\bTypeError\\b", PERMANENT, 0.8),
          // Missing dependencies
          new ClassificationRule("\\bModuleNotFoundError\\b", PERMANENT, 0.95),
          new ClassificationRule("\\bImportError\\b", PERMANENT, 0.9),
          new ClassificationRule(": command not found\\b", PERMANENT, 0.95),
          // Missing data
          new ClassificationRule("\\bFileNotFoundError\\b", PERMANENT, 0.8),
          new ClassificationRule("(?i)no such file or directory", PERMANENT, 0.7),
          // File-system and resource limits a retry on the same machine hits again
          new ClassificationRule("(?i)no space left on device", PERMANENT, 0.8),
          new ClassificationRule("(?i)disk quota exceeded", PERMANENT, 0.85),
          new ClassificationRule("(?i)read-only file system", PERMANENT, 0.8),
          new ClassificationRule("(?i)too many open files", PERMANENT, 0.75),
          // Logic and input errors
          new ClassificationRule("\\bIndexError\\b", PERMANENT, 0.85),
          new ClassificationRule("\\bKeyError\\b", PERMANENT, 0.85),
          new ClassificationRule("\\bValueError\\b", PERMANENT, 0.75),
          // Configuration
          new ClassificationRule("(?i)permission denied", PERMANENT, 0.75),
          new ClassificationRule("\\bPermission(Denied|Error)\\b", PERMANENT, 0.75));
}
