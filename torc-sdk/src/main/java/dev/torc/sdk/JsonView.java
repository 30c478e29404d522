package dev.torc.sdk;

import java.util.Map;

/** A result that can be printed as JSON, with the field names of the original torc. */
public interface JsonView {
  /**
   * The result as JSON-ready maps, lists and scalars, in a stable field order.
   *
   * @return the result's fields by their JSON names
   */
  Map<String, Object> toJson();
}
