package dev.torc.model;

import java.util.Locale;

/**
 * How large a workflow may be, so that a hostile or mistaken spec is refused with a clear message
 * instead of exhausting the machine. Loading a spec and building a workflow check these limits;
 * anything over one of them is a {@link SpecException}.
 *
 * <p>The maximum number of jobs can also be raised without code: the system property {@value
 * #MAX_JOBS_PROPERTY} or, when that is not set, the environment variable {@value #MAX_JOBS_ENV}
 * sets the default that {@link #defaults()} returns.
 *
 * @param maxSpecBytes the largest spec file, in bytes of UTF-8, whatever its format
 * @param maxYamlLineLength the longest line of a YAML spec, in characters (the YAML reader slows
 *     down sharply on very long lines; JSON has no such limit)
 * @param maxNestingDepth how deeply maps and lists may nest
 * @param maxValues the most maps, lists and single values a spec may hold once its YAML aliases are
 *     expanded
 * @param maxJobs the most jobs a workflow may expand to; files and user data are held to the same
 *     number
 * @param maxNameLength the longest name of a workflow, job, file, user data entry, resource
 *     requirements, failure handler or scheduler, in characters
 * @param maxRegexSteps the most steps that matching all the {@code *_regexes} of a workflow against
 *     names may take; a regex that takes far longer than its names' length warrants is refused
 *     sooner
 * @param maxExpandedText the most characters that expanding a workflow's templates (names,
 *     commands, paths, user data) may produce in all
 */
public record InputLimits(
    long maxSpecBytes,
    int maxYamlLineLength,
    int maxNestingDepth,
    long maxValues,
    int maxJobs,
    int maxNameLength,
    long maxRegexSteps,
    long maxExpandedText) {

  /** The system property that sets the default {@link #maxJobs()}. */
  public static final String MAX_JOBS_PROPERTY = "torc.max-jobs";

  /** The environment variable that sets the default {@link #maxJobs()}. */
  public static final String MAX_JOBS_ENV = "TORC_MAX_JOBS";

  /** The default {@link #maxJobs()} when neither the property nor the variable is set. */
  public static final int DEFAULT_MAX_JOBS = 1_000_000;

  private static final InputLimits BUILT_IN =
      new InputLimits(
          16L << 20, 256 << 10, 100, 2_000_000, DEFAULT_MAX_JOBS, 1024, 200_000_000L, 256L << 20);

  /**
   * Checks that every limit is at least 1.
   *
   * @param maxSpecBytes the largest spec file, in bytes of UTF-8, whatever its format
   * @param maxYamlLineLength the longest line of a YAML spec, in characters (the YAML reader slows
   *     down sharply on very long lines; JSON has no such limit)
   * @param maxNestingDepth how deeply maps and lists may nest
   * @param maxValues the most maps, lists and single values a spec may hold once its YAML aliases
   *     are expanded
   * @param maxJobs the most jobs a workflow may expand to; files and user data are held to the same
   *     number
   * @param maxNameLength the longest name of a workflow, job, file, user data entry, resource
   *     requirements, failure handler or scheduler, in characters
   * @param maxRegexSteps the most steps that matching all the {@code *_regexes} of a workflow
   *     against names may take; a regex that takes far longer than its names' length warrants is
   *     refused sooner
   * @param maxExpandedText the most characters that expanding a workflow's templates (names,
   *     commands, paths, user data) may produce in all
   */
  public InputLimits {
    positive("maxSpecBytes", maxSpecBytes);
    positive("maxYamlLineLength", maxYamlLineLength);
    positive("maxNestingDepth", maxNestingDepth);
    positive("maxValues", maxValues);
    positive("maxJobs", maxJobs);
    positive("maxNameLength", maxNameLength);
    positive("maxRegexSteps", maxRegexSteps);
    positive("maxExpandedText", maxExpandedText);
  }

  private static void positive(String what, long value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be at least 1, was " + value);
    }
  }

  /**
   * The limits torc uses unless told otherwise, with {@link #maxJobs()} taken from {@value
   * #MAX_JOBS_PROPERTY} or {@value #MAX_JOBS_ENV} when either is set.
   *
   * @return the default limits
   * @throws SpecException when the property or the variable is not a positive whole number
   */
  public static InputLimits defaults() {
    String property = System.getProperty(MAX_JOBS_PROPERTY);
    if (property != null) {
      return BUILT_IN.withMaxJobs(
          parseMaxJobs("the system property " + MAX_JOBS_PROPERTY, property));
    }
    String variable = System.getenv(MAX_JOBS_ENV);
    if (variable != null && !variable.isBlank()) {
      return BUILT_IN.withMaxJobs(parseMaxJobs(MAX_JOBS_ENV, variable));
    }
    return BUILT_IN;
  }

  private static int parseMaxJobs(String where, String text) {
    String digits = text.strip().replace("_", "").replace(",", "");
    if (digits.matches("\\d{1,10}")) {
      long value = Long.parseLong(digits);
      if (value >= 1 && value <= Integer.MAX_VALUE) {
        return (int) value;
      }
    }
    throw new SpecException(
        SpecProblem.of(
            where
                + " sets the most jobs a workflow may have; it must be a whole number from 1 to "
                + String.format(Locale.ROOT, "%,d", Integer.MAX_VALUE)
                + ", not '"
                + text
                + "'"));
  }

  /** {@return a builder that starts from {@link #defaults()}} */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /** {@return a builder that starts from these limits} */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /**
   * These limits with another {@link #maxJobs()}.
   *
   * @param jobs the most jobs a workflow may expand to, at least 1
   * @return the changed limits
   */
  public InputLimits withMaxJobs(int jobs) {
    return toBuilder().maxJobs(jobs).build();
  }

  /** Builds {@link InputLimits}; not thread-safe. */
  public static final class Builder {
    private long maxSpecBytes;
    private int maxYamlLineLength;
    private int maxNestingDepth;
    private long maxValues;
    private int maxJobs;
    private int maxNameLength;
    private long maxRegexSteps;
    private long maxExpandedText;

    private Builder(InputLimits start) {
      maxSpecBytes = start.maxSpecBytes;
      maxYamlLineLength = start.maxYamlLineLength;
      maxNestingDepth = start.maxNestingDepth;
      maxValues = start.maxValues;
      maxJobs = start.maxJobs;
      maxNameLength = start.maxNameLength;
      maxRegexSteps = start.maxRegexSteps;
      maxExpandedText = start.maxExpandedText;
    }

    /**
     * Sets {@link InputLimits#maxSpecBytes()}.
     *
     * @param bytes the largest spec file, in bytes of UTF-8
     * @return this builder
     */
    public Builder maxSpecBytes(long bytes) {
      this.maxSpecBytes = bytes;
      return this;
    }

    /**
     * Sets {@link InputLimits#maxYamlLineLength()}.
     *
     * @param characters the longest line of a YAML spec
     * @return this builder
     */
    public Builder maxYamlLineLength(int characters) {
      this.maxYamlLineLength = characters;
      return this;
    }

    /**
     * Sets {@link InputLimits#maxNestingDepth()}.
     *
     * @param depth how deeply maps and lists may nest
     * @return this builder
     */
    public Builder maxNestingDepth(int depth) {
      this.maxNestingDepth = depth;
      return this;
    }

    /**
     * Sets {@link InputLimits#maxValues()}.
     *
     * @param values the most maps, lists and single values a spec may hold, aliases expanded
     * @return this builder
     */
    public Builder maxValues(long values) {
      this.maxValues = values;
      return this;
    }

    /**
     * Sets {@link InputLimits#maxJobs()}.
     *
     * @param jobs the most jobs (and files, and user data entries) a workflow may expand to
     * @return this builder
     */
    public Builder maxJobs(int jobs) {
      this.maxJobs = jobs;
      return this;
    }

    /**
     * Sets {@link InputLimits#maxNameLength()}.
     *
     * @param characters the longest name
     * @return this builder
     */
    public Builder maxNameLength(int characters) {
      this.maxNameLength = characters;
      return this;
    }

    /**
     * Sets {@link InputLimits#maxRegexSteps()}.
     *
     * @param steps the most steps matching all of a workflow's regexes may take
     * @return this builder
     */
    public Builder maxRegexSteps(long steps) {
      this.maxRegexSteps = steps;
      return this;
    }

    /**
     * Sets {@link InputLimits#maxExpandedText()}.
     *
     * @param characters the most characters expanding templates may produce in all
     * @return this builder
     */
    public Builder maxExpandedText(long characters) {
      this.maxExpandedText = characters;
      return this;
    }

    /**
     * Builds the limits.
     *
     * @return the limits
     * @throws IllegalArgumentException when a limit is below 1
     */
    public InputLimits build() {
      return new InputLimits(
          maxSpecBytes,
          maxYamlLineLength,
          maxNestingDepth,
          maxValues,
          maxJobs,
          maxNameLength,
          maxRegexSteps,
          maxExpandedText);
    }
  }
}
