package dev.torc.spec.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parsed spec document: maps, lists and scalars, each with where it starts in the file. */
public sealed interface SpecNode permits SpecNode.MapNode, SpecNode.ListNode, SpecNode.Scalar {

  /** 1-based line, or 0 when unknown. */
  int line();

  /** 1-based column, or 0 when unknown. */
  int column();

  /** What kind of value this is, in words for problems: "a map", "a list", "text", ... */
  String describe();

  /** A key of a map, with where the key is. */
  record Entry(String key, int line, int column, SpecNode value) {}

  /** A mapping, keys in document order. */
  record MapNode(Map<String, Entry> entries, int line, int column) implements SpecNode {
    @Override
    public String describe() {
      return "a map";
    }

    /** The value under a key, or {@code null}. */
    public SpecNode get(String key) {
      Entry entry = entries.get(key);
      return entry == null ? null : entry.value();
    }

    /** The map as plain Java values. */
    public Map<String, Object> toPlain() {
      Map<String, Object> out = new LinkedHashMap<>();
      entries.forEach((k, e) -> out.put(k, SpecNode.plain(e.value())));
      return out;
    }
  }

  /** A sequence. */
  record ListNode(List<SpecNode> items, int line, int column) implements SpecNode {
    @Override
    public String describe() {
      return "a list";
    }
  }

  /** A scalar: a String, Integer, Long, BigInteger, Double, BigDecimal, Boolean or {@code null}. */
  record Scalar(Object value, int line, int column) implements SpecNode {
    @Override
    public String describe() {
      if (value == null) {
        return "null";
      }
      if (value instanceof String text) {
        return "'" + text + "'";
      }
      return value.toString();
    }
  }

  /** A node as plain Java values: maps, lists and scalars. */
  static Object plain(SpecNode node) {
    if (node instanceof MapNode map) {
      return map.toPlain();
    }
    if (node instanceof ListNode list) {
      List<Object> out = new ArrayList<>(list.items().size());
      for (SpecNode item : list.items()) {
        out.add(plain(item));
      }
      return out;
    }
    return ((Scalar) node).value();
  }
}
