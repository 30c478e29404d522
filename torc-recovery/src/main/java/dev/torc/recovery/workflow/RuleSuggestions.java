package dev.torc.recovery.workflow;

import dev.torc.model.JobStatus;
import dev.torc.model.RecoveryConfig;
import dev.torc.store.FailureInfo;
import dev.torc.store.JobResult;
import dev.torc.store.WorkflowEvent;
import dev.torc.store.WorkflowStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Proposes classification rules learned from the classifications people and agents made, as {@code
 * torc rules suggest} prints them; it only reads the store and applies nothing.
 *
 * <p>Each {@code job_classified} event by someone other than the rules themselves (such as {@code
 * user alice} or {@code mcp:claude}) is matched with the attempt it classified (the job's latest
 * failed attempt before the event) and that attempt's failure signature: the decisive line of its
 * standard error with numbers, paths, hex and UUIDs blanked out, as the failure record keeps it.
 * Classifications are grouped by signature; each group with a majority proposes a rule whose
 * pattern is the signature with its blanks generalised ({@code \d+}, {@code \S+}, hex), with the
 * majority's classification, how many classifications support it and how many conflict. Attempts
 * that left no standard error (signature {@code exit N}) cannot be learned from and are counted
 * apart.
 */
public final class RuleSuggestions {
  private RuleSuggestions() {}

  private static final Pattern CLASSIFIED =
      Pattern.compile("classified (transient|permanent): \\S+ by (.+?): ");
  private static final Pattern PLACEHOLDER =
      Pattern.compile("<uuid>|<hex>|<path>|(?<![A-Z])N(?![a-z])|\\s+");

  /**
   * A proposed rule.
   *
   * @param rule the rule, in the spec's syntax
   * @param signature the failure signature it was learned from
   * @param support how many classifications agree with it
   * @param conflicts how many classified the same signature the other way
   * @param actors who made the classifications, sorted
   * @param jobs the names of the jobs classified, sorted
   */
  public record Suggestion(
      RecoveryConfig.ClassificationRuleSpec rule,
      String signature,
      int support,
      int conflicts,
      List<String> actors,
      List<String> jobs) {
    /**
     * Checks the values.
     *
     * @param rule the rule, in the spec's syntax
     * @param signature the failure signature it was learned from
     * @param support how many classifications agree with it
     * @param conflicts how many classified the same signature the other way
     * @param actors who made the classifications, sorted
     * @param jobs the names of the jobs classified, sorted
     */
    public Suggestion {
      actors = List.copyOf(actors);
      jobs = List.copyOf(jobs);
    }

    /**
     * The rule as a line of a spec's {@code classification_rules}.
     *
     * @return the rule as a line of a spec's {@code classification_rules}
     */
    public String yaml() {
      return String.format(
          Locale.ROOT,
          "- {pattern: '%s', classification: %s, confidence: %.2f}",
          rule.pattern().replace("'", "''"),
          rule.classification(),
          rule.confidence());
    }
  }

  /**
   * A signature that people or agents classified both ways equally often: no rule is proposed.
   *
   * @param signature the failure signature
   * @param transientCount classifications as transient
   * @param permanentCount classifications as permanent
   */
  public record Conflict(String signature, int transientCount, int permanentCount) {}

  /**
   * What the classifications suggest.
   *
   * @param workflowId the workflow
   * @param classifications the classifications by people and agents read
   * @param withoutSignature those whose attempt left no standard error to learn from
   * @param suggestions proposed rules, most supported first
   * @param conflicts signatures classified both ways equally often
   */
  public record Report(
      long workflowId,
      int classifications,
      int withoutSignature,
      List<Suggestion> suggestions,
      List<Conflict> conflicts) {
    /**
     * Copies the lists.
     *
     * @param workflowId the workflow
     * @param classifications the classifications by people and agents read
     * @param withoutSignature those whose attempt left no standard error to learn from
     * @param suggestions proposed rules, most supported first
     * @param conflicts signatures classified both ways equally often
     */
    public Report {
      suggestions = List.copyOf(suggestions);
      conflicts = List.copyOf(conflicts);
    }
  }

  /**
   * The rules the workflow's recorded classifications suggest.
   *
   * @param store the store
   * @param workflowId the workflow
   * @return the rules the workflow's recorded classifications suggest
   */
  public static Report suggest(WorkflowStore store, long workflowId) {
    Map<Long, String> names = new HashMap<>();
    store.listJobs(workflowId, null).forEach(j -> names.put(j.id(), j.name()));
    Map<Long, List<JobResult>> failed = new HashMap<>();
    for (JobResult r : store.listResults(workflowId)) {
      if (r.status() != JobStatus.COMPLETED) {
        failed.computeIfAbsent(r.jobId(), id -> new ArrayList<>()).add(r);
      }
    }
    Map<String, FailureInfo> records = new HashMap<>();
    for (FailureInfo f : store.listFailureRecords(workflowId)) {
      records.put(f.jobId() + "/" + f.runId() + "/" + f.attemptId(), f);
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    int read = 0;
    int withoutSignature = 0;
    for (WorkflowEvent e : store.listEvents(workflowId)) {
      Matcher m = CLASSIFIED.matcher(e.message());
      if (e.jobId() == null
          || !e.kind().equals("job_classified")
          || !m.find()
          || m.group(2).equals(RuleClassification.ACTOR)) {
        continue;
      }
      read++;
      JobResult attempt = classifiedAttempt(failed.getOrDefault(e.jobId(), List.of()), e);
      FailureInfo record =
          attempt == null
              ? null
              : records.get(attempt.jobId() + "/" + attempt.runId() + "/" + attempt.attemptId());
      String signature = record == null ? null : record.signature();
      if (signature == null || signature.isBlank() || signature.matches("exit -?\\d+")) {
        withoutSignature++;
        continue;
      }
      groups
          .computeIfAbsent(signature, s -> new Group())
          .add(m.group(1), m.group(2), names.getOrDefault(e.jobId(), "job " + e.jobId()));
    }
    List<Suggestion> suggestions = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    groups.forEach(
        (signature, g) -> {
          if (g.transientCount == g.permanentCount) {
            conflicts.add(new Conflict(signature, g.transientCount, g.permanentCount));
            return;
          }
          boolean isTransient = g.transientCount > g.permanentCount;
          int support = Math.max(g.transientCount, g.permanentCount);
          int against = Math.min(g.transientCount, g.permanentCount);
          double confidence =
              Math.round(
                      RecoveryConfig.ClassificationRuleSpec.DEFAULT_CONFIDENCE
                          * support
                          / (support + against)
                          * 100)
                  / 100.0;
          suggestions.add(
              new Suggestion(
                  new RecoveryConfig.ClassificationRuleSpec(
                      pattern(signature), isTransient ? "transient" : "permanent", confidence),
                  signature,
                  support,
                  against,
                  List.copyOf(g.actors),
                  List.copyOf(g.jobs)));
        });
    suggestions.sort(
        Comparator.comparingInt(Suggestion::support)
            .reversed()
            .thenComparingInt(Suggestion::conflicts)
            .thenComparing(Suggestion::signature));
    return new Report(workflowId, read, withoutSignature, suggestions, conflicts);
  }

  /**
   * A regular expression that finds the lines this signature was made from: its text literally,
   * numbers, paths, hex and UUIDs as such, any run of spaces as one.
   */
  static String pattern(String signature) {
    StringBuilder regex = new StringBuilder();
    Matcher m = PLACEHOLDER.matcher(signature);
    int at = 0;
    while (m.find()) {
      regex.append(literal(signature.substring(at, m.start())));
      regex.append(
          switch (m.group()) {
            case "<uuid>" -> "[0-9a-fA-F-]{36}";
            case "<hex>" -> "(?:0[xX])?[0-9a-fA-F]+";
            case "<path>" -> "\\S+";
            case "N" -> "\\d+(?:[.,:]\\d+)*";
            default -> "\\s+";
          });
      at = m.end();
    }
    regex.append(literal(signature.substring(at)));
    return regex.toString();
  }

  private static String literal(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if ("\\^$.|?*+()[]{}".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** The job's latest failed attempt that ended before the classification, else its latest. */
  private static JobResult classifiedAttempt(List<JobResult> failed, WorkflowEvent e) {
    JobResult before = null;
    JobResult latest = null;
    for (JobResult r : failed) {
      if (latest == null || r.completionTime().isAfter(latest.completionTime())) {
        latest = r;
      }
      boolean ended = !r.completionTime().isAfter(e.timestamp());
      if (ended && (before == null || r.completionTime().isAfter(before.completionTime()))) {
        before = r;
      }
    }
    return before != null ? before : latest;
  }

  /** The classifications of one signature. */
  private static final class Group {
    int transientCount;
    int permanentCount;
    final Set<String> actors = new TreeSet<>();
    final Set<String> jobs = new TreeSet<>();

    void add(String classification, String actor, String job) {
      if (classification.equals("transient")) {
        transientCount++;
      } else {
        permanentCount++;
      }
      actors.add(actor);
      jobs.add(job);
    }
  }
}
