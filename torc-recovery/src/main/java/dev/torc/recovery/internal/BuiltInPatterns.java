package dev.torc.recovery.internal;

import static dev.torc.recovery.FailureCause.PERMANENT;
import static dev.torc.recovery.FailureCause.TRANSIENT;

import dev.torc.recovery.ClassificationRule;
import java.util.List;

/**
 * The built-in stderr patterns: the error classification guide of the AI-assisted recovery tutorial
 * plus a few common relatives. Exception names and tokens such as {@code EIO} or {@code PREEMPTED}
 * are case-sensitive whole words, so that ordinary prose does not match them; phrases are
 * case-insensitive.
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
          // GPU / HPC
          new ClassificationRule("(?i)\\bNCCL\\b.*\\b(timeout|timed out)\\b", TRANSIENT, 0.85),
          new ClassificationRule("(?i)GPU communication error", TRANSIENT, 0.85),
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
          new ClassificationRule("(?i)too many requests", TRANSIENT, 0.85),
          new ClassificationRule("(?<![Ll]ine )\\b429\\b", TRANSIENT, 0.6),
          new ClassificationRule("(?i)resource temporarily unavailable", TRANSIENT, 0.7),
          // Code bugs
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
          // Logic and input errors
          new ClassificationRule("\\bIndexError\\b", PERMANENT, 0.85),
          new ClassificationRule("\\bKeyError\\b", PERMANENT, 0.85),
          new ClassificationRule("\\bValueError\\b", PERMANENT, 0.75),
          // Configuration
          new ClassificationRule("(?i)permission denied", PERMANENT, 0.75),
          new ClassificationRule("\\bPermission(Denied|Error)\\b", PERMANENT, 0.75));
}
