package dev.torc.model;

import java.util.Map;
import java.util.Objects;

/**
 * A named piece of JSON-like data that jobs produce or consume. A job that reads user data depends
 * on the job that writes it.
 *
 * @param name the name jobs use to refer to the data
 * @param data plain Java values: maps, lists, strings, numbers, booleans or {@code null}
 * @param parameters parameter ranges, in declaration order, that expand this entry (empty once the
 *     workflow is built)
 * @param parameterMode how several parameters combine
 * @param ephemeral the original torc's {@code is_ephemeral}: a mark kept with the entry, with no
 *     effect on how jobs run
 */
public record UserDataSpec(
    String name,
    Object data,
    Map<String, String> parameters,
    ParameterMode parameterMode,
    boolean ephemeral) {

  /**
   * Copies the parameters; no mode is {@link ParameterMode#PRODUCT}.
   *
   * @param name the name jobs use to refer to the data
   * @param data plain Java values: maps, lists, strings, numbers, booleans or {@code null}
   * @param parameters parameter ranges, in declaration order, that expand this entry (empty once
   *     the workflow is built)
   * @param parameterMode how several parameters combine
   * @param ephemeral the original torc's {@code is_ephemeral}: a mark kept with the entry, with no
   *     effect on how jobs run
   */
  public UserDataSpec {
    Objects.requireNonNull(name, "name");
    parameters = dev.torc.model.internal.OrderedMaps.copyOf(parameters);
    parameterMode = Objects.requireNonNullElse(parameterMode, ParameterMode.PRODUCT);
  }

  /**
   * An entry that is not ephemeral.
   *
   * @param name the name jobs use to refer to the data
   * @param data plain Java values: maps, lists, strings, numbers, booleans or {@code null}
   * @param parameters parameter ranges, in declaration order, that expand this entry
   * @param parameterMode how several parameters combine
   */
  public UserDataSpec(
      String name, Object data, Map<String, String> parameters, ParameterMode parameterMode) {
    this(name, data, parameters, parameterMode, false);
  }

  /**
   * A plain user-data entry.
   *
   * @param name the name jobs use to refer to the data
   * @param data plain Java values: maps, lists, strings, numbers, booleans or {@code null}
   * @return the entry
   */
  public static UserDataSpec of(String name, Object data) {
    return new UserDataSpec(name, data, Map.of(), ParameterMode.PRODUCT);
  }

  /** This entry with other data, keeping its name and mark. */
  UserDataSpec expanded(String newName, Object newData) {
    return new UserDataSpec(newName, newData, Map.of(), ParameterMode.PRODUCT, ephemeral);
  }
}
