package dev.torc.spec;

import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats a workflow spec can be written in, chosen by file extension. */
public enum SpecFormat {
  /** {@code .yaml} or {@code .yml}. */
  YAML,
  /** {@code .json}. */
  JSON,
  /** {@code .json5}: JSON with comments, trailing commas, single quotes and unquoted keys. */
  JSON5,
  /**
   * {@code .kdl}: the KDL document language, laid out as the original torc's KDL specs are ({@code
   * job "name" { command "..." }}).
   */
  KDL;

  /**
   * The format of a file, by its extension.
   *
   * @param file a spec file
   * @return its format
   * @throws SpecException when the extension is none of {@code .yaml .yml .json .json5 .kdl}
   */
  public static SpecFormat of(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
      return YAML;
    }
    if (name.endsWith(".json5")) {
      return JSON5;
    }
    if (name.endsWith(".json")) {
      return JSON;
    }
    if (name.endsWith(".kdl")) {
      return KDL;
    }
    throw new SpecException(
        new SpecProblem(
            file.toString(),
            0,
            0,
            "unsupported spec format: expected a file ending in .yaml, .yml, .json, .json5 or .kdl"));
  }
}
