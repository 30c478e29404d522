package dev.torc.sdk;

import dev.torc.model.Workflow;
import dev.torc.spec.SpecFormat;
import java.nio.file.Path;
import java.util.Objects;

/**
 * What {@link Torc#createWorkflow} creates: exactly one of a spec file, spec text in a format, or a
 * built workflow.
 *
 * @param specFile a spec file (.yaml, .yml, .json, .json5), or {@code null}
 * @param specText spec text, or {@code null}
 * @param format the format of {@code specText}
 * @param workflow a workflow built in code, or {@code null}
 * @param user the owner; {@code null} keeps the spec's user
 * @param defaultUser the owner when neither {@code user} nor the spec names one, or {@code null}
 * @param dryRun validate and plan only; store nothing
 */
public record CreateRequest(
    Path specFile,
    String specText,
    SpecFormat format,
    Workflow workflow,
    String user,
    String defaultUser,
    boolean dryRun) {

  /**
   * Checks that exactly one source is given, and a format with spec text.
   *
   * @param specFile a spec file (.yaml, .yml, .json, .json5), or {@code null}
   * @param specText spec text, or {@code null}
   * @param format the format of {@code specText}
   * @param workflow a workflow built in code, or {@code null}
   * @param user the owner; {@code null} keeps the spec's user
   * @param defaultUser the owner when neither {@code user} nor the spec names one, or {@code null}
   * @param dryRun validate and plan only; store nothing
   */
  public CreateRequest {
    int sources =
        (specFile != null ? 1 : 0) + (specText != null ? 1 : 0) + (workflow != null ? 1 : 0);
    if (sources != 1) {
      throw new IllegalArgumentException(
          "give exactly one of a spec file, spec text or a workflow");
    }
    if (specText != null) {
      Objects.requireNonNull(format, "format");
    }
  }

  /**
   * From a spec file.
   *
   * @param specFile the spec file (.yaml, .yml, .json, .json5)
   * @return a builder for the request
   */
  public static Builder spec(Path specFile) {
    return new Builder(Objects.requireNonNull(specFile, "specFile"), null, null, null);
  }

  /**
   * From spec text in this format.
   *
   * @param specText the spec
   * @param format its format
   * @return a builder for the request
   */
  public static Builder text(String specText, SpecFormat format) {
    return new Builder(
        null, Objects.requireNonNull(specText, "specText"), Objects.requireNonNull(format), null);
  }

  /**
   * From a workflow built in code.
   *
   * @param workflow the workflow
   * @return a builder for the request
   */
  public static Builder workflow(Workflow workflow) {
    return new Builder(null, null, null, Objects.requireNonNull(workflow, "workflow"));
  }

  /** Builds a {@link CreateRequest}. */
  public static final class Builder {
    private final Path specFile;
    private final String specText;
    private final SpecFormat format;
    private final Workflow workflow;
    private String user;
    private String defaultUser;
    private boolean dryRun;

    private Builder(Path specFile, String specText, SpecFormat format, Workflow workflow) {
      this.specFile = specFile;
      this.specText = specText;
      this.format = format;
      this.workflow = workflow;
    }

    /**
     * The owner of the workflow (default: the spec's).
     *
     * @param user the owner, or {@code null} for the spec's
     * @return this builder
     */
    public Builder user(String user) {
      this.user = user;
      return this;
    }

    /**
     * The owner when neither {@link #user} nor the spec names one (default: none).
     *
     * @param defaultUser the owner, or {@code null} for none
     * @return this builder
     */
    public Builder defaultUser(String defaultUser) {
      this.defaultUser = defaultUser;
      return this;
    }

    /**
     * Validate and plan only (default: false).
     *
     * @param dryRun whether to store nothing
     * @return this builder
     */
    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    /**
     * Builds the request.
     *
     * @return the request
     */
    public CreateRequest build() {
      return new CreateRequest(specFile, specText, format, workflow, user, defaultUser, dryRun);
    }
  }
}
