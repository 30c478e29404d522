package dev.torc.model;

import dev.torc.model.internal.ParameterValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The parameter values one job of a sweep was expanded with, such as {@code i=3} and {@code
 * lr=0.01}, in the order the parameters are declared. A value is an integer ({@code Long}), a
 * floating-point number ({@code Double}) or text ({@code String}), as the range in the spec or
 * builder types it. A job that was not expanded from parameters has none. Immutable.
 */
public final class JobParameters {
  /** No parameters. */
  public static final JobParameters EMPTY = new JobParameters(List.of(), new ParameterValue[0]);

  private final List<String> names;
  private final ParameterValue[] values;

  JobParameters(List<String> names, ParameterValue[] values) {
    this.names = names;
    this.values = values;
  }

  /**
   * The values this job and another instance of its template agree on: what a job merged from
   * several instances (an aggregation whose name leaves a parameter out) keeps.
   */
  JobParameters common(JobParameters other) {
    List<String> kept = new java.util.ArrayList<>(names.size());
    List<ParameterValue> keptValues = new java.util.ArrayList<>(names.size());
    for (int p = 0; p < names.size(); p++) {
      int at = other.names.indexOf(names.get(p));
      if (at >= 0 && other.values[at].equals(values[p])) {
        kept.add(names.get(p));
        keptValues.add(values[p]);
      }
    }
    return kept.size() == names.size()
        ? this
        : new JobParameters(List.copyOf(kept), keptValues.toArray(new ParameterValue[0]));
  }

  /** {@return whether the job has no parameters} */
  public boolean isEmpty() {
    return names.isEmpty();
  }

  /** {@return the parameter names, in declaration order} */
  public List<String> names() {
    return names;
  }

  /**
   * Whether the job has a parameter with this name.
   *
   * @param name a parameter's name
   * @return true when the job was expanded over it
   */
  public boolean has(String name) {
    return names.contains(name);
  }

  /**
   * The value as a {@code {name}} placeholder renders it in a command: {@code 3}, {@code 0.01},
   * {@code adam}.
   *
   * @param name the parameter's name
   * @return the value as text
   * @throws NoSuchElementException when the job has no such parameter
   */
  public String text(String name) {
    return value(name).plain();
  }

  /**
   * The value of an integer parameter.
   *
   * @param name the parameter's name
   * @return the value
   * @throws NoSuchElementException when the job has no such parameter
   * @throws IllegalArgumentException when the value is not an integer
   */
  public long integer(String name) {
    if (value(name) instanceof ParameterValue.IntValue v) {
      return v.value();
    }
    throw new IllegalArgumentException("parameter '" + name + "' is not an integer: " + text(name));
  }

  /**
   * The value of a numeric parameter, integers included.
   *
   * @param name the parameter's name
   * @return the value
   * @throws NoSuchElementException when the job has no such parameter
   * @throws IllegalArgumentException when the value is text
   */
  public double number(String name) {
    ParameterValue value = value(name);
    if (value instanceof ParameterValue.IntValue v) {
      return v.value();
    }
    if (value instanceof ParameterValue.FloatValue v) {
      return v.value();
    }
    throw new IllegalArgumentException("parameter '" + name + "' is not a number: " + text(name));
  }

  /**
   * The values by name, in declaration order: {@code Long}, {@code Double} or {@code String}.
   *
   * @return an unmodifiable map
   */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int p = 0; p < names.size(); p++) {
      map.put(names.get(p), plainJava(values[p]));
    }
    return Collections.unmodifiableMap(map);
  }

  private static Object plainJava(ParameterValue value) {
    if (value instanceof ParameterValue.IntValue v) {
      return v.value();
    }
    if (value instanceof ParameterValue.FloatValue v) {
      return v.value();
    }
    return ((ParameterValue.TextValue) value).value();
  }

  private ParameterValue value(String name) {
    int at = names.indexOf(name);
    if (at < 0) {
      throw new NoSuchElementException(
          "the job has no parameter '"
              + name
              + "'"
              + (names.isEmpty() ? "" : " (it has " + String.join(", ", names) + ")"));
    }
    return values[at];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof JobParameters p && asMap().equals(p.asMap());
  }

  @Override
  public int hashCode() {
    return asMap().hashCode();
  }

  @Override
  public String toString() {
    return asMap().toString();
  }
}
