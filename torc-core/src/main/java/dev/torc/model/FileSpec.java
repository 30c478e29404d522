package dev.torc.model;

import java.util.Map;
import java.util.Objects;

/**
 * A file that jobs read or write. A job that reads a file depends on the job that writes it.
 *
 * @param name the name jobs use to refer to the file
 * @param path where the file is, relative to where torc runs unless absolute
 * @param parameters parameter ranges, in declaration order, that expand this entry into one file
 *     per value (empty once the workflow is built)
 * @param parameterMode how several parameters combine
 */
public record FileSpec(
    String name, String path, Map<String, String> parameters, ParameterMode parameterMode) {

  /**
   * Copies the parameters; no mode is {@link ParameterMode#PRODUCT}.
   *
   * @param name the name jobs use to refer to the file
   * @param path where the file is, relative to where torc runs unless absolute
   * @param parameters parameter ranges, in declaration order, that expand this entry into one file
   *     per value (empty once the workflow is built)
   * @param parameterMode how several parameters combine
   */
  public FileSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    parameters = dev.torc.model.internal.OrderedMaps.copyOf(parameters);
    parameterMode = Objects.requireNonNullElse(parameterMode, ParameterMode.PRODUCT);
  }

  /**
   * A plain file entry.
   *
   * @param name the name jobs use to refer to the file
   * @param path where the file is, relative to where torc runs unless absolute
   * @return the entry
   */
  public static FileSpec of(String name, String path) {
    return new FileSpec(name, path, Map.of(), ParameterMode.PRODUCT);
  }
}
