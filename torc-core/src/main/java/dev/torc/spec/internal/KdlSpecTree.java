package dev.torc.spec.internal;

import dev.torc.model.InputLimits;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.spec.SpecFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a KDL spec into the same {@link SpecNode} tree a YAML or JSON spec gives, following the
 * original torc's KDL layout: top-level {@code job "name" {...}}, {@code file "name" path="..."},
 * {@code user_data "name" { data "<JSON text>" }}, {@code resource_requirements}, {@code
 * failure_handler "name" { rule {...} }}, {@code slurm_scheduler} and {@code action} nodes become
 * entries of their lists, named by their first argument; a child {@code key value} becomes a field,
 * {@code key v1 v2} or a repeated key a list, and a block a map. Inside a job {@code input_file}
 * and {@code output_file} add to {@code input_files} and {@code output_files}; inside an action
 * {@code job} and {@code command} add to {@code jobs} and {@code commands}. Fields are not checked
 * here: the mapper checks them as it does for every format, so an unknown one is reported with its
 * line.
 */
public final class KdlSpecTree {
  /** Top-level nodes that are entries of a list, and the list they belong to. */
  private static final Map<String, String> SECTIONS =
      Map.of(
          "job", "jobs",
          "file", "files",
          "user_data", "user_data",
          "resource_requirements", "resource_requirements",
          "failure_handler", "failure_handlers",
          "slurm_scheduler", "slurm_schedulers",
          "action", "actions");

  /** Children that name one list element each, by the section they are in. */
  private static final Map<String, Map<String, String>> ELEMENTS =
      Map.of(
          "jobs",
              Map.of(
                  "input_file", "input_files",
                  "output_file", "output_files",
                  "depends_on_job", "depends_on"),
          "actions", Map.of("job", "jobs", "command", "commands"),
          "failure_handlers", Map.of("rule", "rules"));

  /** Fields that are lists even when they hold one value. */
  private static final Set<String> LIST_FIELDS =
      Set.of(
          "depends_on",
          "depends_on_regexes",
          "input_files",
          "output_files",
          "input_file_regexes",
          "output_file_regexes",
          "input_user_data",
          "output_user_data",
          "input_user_data_regexes",
          "output_user_data_regexes",
          "use_parameters",
          "fallback_commands",
          "exit_codes",
          "jobs",
          "job_name_regexes",
          "commands",
          "rules",
          "metrics");

  private final String source;
  private final InputLimits limits;

  private KdlSpecTree(String source, InputLimits limits) {
    this.source = source;
    this.limits = limits;
  }

  /**
   * Reads a KDL spec into a tree.
   *
   * @throws SpecException for a syntax error, or a node that fits no field
   */
  public static SpecNode read(String content, String source, InputLimits limits) {
    List<KdlReader.Node> nodes = KdlReader.read(content, source, limits);
    if (nodes.isEmpty()) {
      throw new SpecException(new SpecProblem(source, 0, 0, "the spec is empty"));
    }
    return new KdlSpecTree(source, limits).top(nodes);
  }

  private SpecNode top(List<KdlReader.Node> nodes) {
    Fields fields = new Fields(Map.of());
    for (KdlReader.Node node : nodes) {
      String list = SECTIONS.get(node.name());
      if (list == null) {
        fields.add(node, field(node, ""));
      } else {
        fields.addToList(list, node, section(node, list));
      }
    }
    return fields.toMap(1, 1);
  }

  /** A list entry: its first argument is its name, its properties and children its fields. */
  private SpecNode section(KdlReader.Node node, String list) {
    Fields fields = new Fields(ELEMENTS.getOrDefault(list, Map.of()));
    List<SpecNode.Scalar> args = node.args();
    if (!args.isEmpty()) {
      fields.put("name", node.line(), node.column(), args.get(0));
    }
    if (args.size() > 1) {
      throw problem(args.get(1), "'" + node.name() + "' takes one name, then a block of fields");
    }
    addPropertiesAndChildren(node, list, fields);
    return fields.toMap(node.line(), node.column());
  }

  private void addPropertiesAndChildren(KdlReader.Node node, String section, Fields fields) {
    for (KdlReader.Property p : node.props().values()) {
      fields.put(p.key(), p.line(), p.column(), p.value());
    }
    if (node.children() != null) {
      for (KdlReader.Node child : node.children()) {
        fields.add(child, field(child, section));
      }
    }
  }

  /** A child as a field's value: a scalar, a list of its arguments, or a map of its fields. */
  private SpecNode field(KdlReader.Node node, String section) {
    boolean hasFields = !node.props().isEmpty() || node.children() != null;
    List<SpecNode.Scalar> args = node.args();
    if (hasFields) {
      if (!args.isEmpty()) {
        throw problem(
            args.get(0),
            "'" + node.name() + "' has both values and fields; give it one or the other");
      }
      Fields fields = new Fields(Map.of());
      addPropertiesAndChildren(node, "", fields);
      return fields.toMap(node.line(), node.column());
    }
    if (node.name().equals("data") && section.equals("user_data") && args.size() == 1) {
      return json(args.get(0));
    }
    if (args.isEmpty()) {
      return new SpecNode.Scalar(null, node.line(), node.column());
    }
    if (args.size() == 1 && !LIST_FIELDS.contains(node.name())) {
      return args.get(0);
    }
    return new SpecNode.ListNode(new ArrayList<>(args), node.line(), node.column());
  }

  /** User data's {@code data}, which the original's KDL holds as JSON text. */
  private SpecNode json(SpecNode.Scalar text) {
    if (!(text.value() instanceof String json)) {
      return text;
    }
    try {
      return TreeReader.read(json, SpecFormat.JSON, source, limits);
    } catch (SpecException e) {
      throw problem(
          text,
          "'data' of user data must be JSON text, as in data \"{\\\"key\\\": 1}\": "
              + e.problems().get(0).message());
    }
  }

  private SpecException problem(SpecNode at, String message) {
    return new SpecException(new SpecProblem(source, at.line(), at.column(), message));
  }

  /** The fields of a map being built, in order, with repeated list fields gathered. */
  private final class Fields {
    private final Map<String, String> elements;
    private final Map<String, SpecNode.Entry> entries = new LinkedHashMap<>();

    Fields(Map<String, String> elements) {
      this.elements = elements;
    }

    void add(KdlReader.Node node, SpecNode value) {
      String list = elements.get(node.name());
      if (list != null) {
        addToList(list, node, value);
      } else if (LIST_FIELDS.contains(node.name()) && entries.containsKey(node.name())) {
        addToList(node.name(), node, value);
      } else {
        put(node.name(), node.line(), node.column(), value);
      }
    }

    void put(String key, int line, int column, SpecNode value) {
      if (entries.putIfAbsent(key, new SpecNode.Entry(key, line, column, value)) != null) {
        throw new SpecException(
            new SpecProblem(source, line, column, "'" + key + "' is given twice"));
      }
    }

    void addToList(String key, KdlReader.Node node, SpecNode value) {
      SpecNode.Entry entry = entries.get(key);
      List<SpecNode> items;
      if (entry == null) {
        items = new ArrayList<>();
        entries.put(
            key,
            new SpecNode.Entry(
                key,
                node.line(),
                node.column(),
                new SpecNode.ListNode(items, node.line(), node.column())));
      } else {
        items = ((SpecNode.ListNode) entry.value()).items();
      }
      if (value instanceof SpecNode.ListNode list) {
        items.addAll(list.items());
      } else {
        items.add(value);
      }
    }

    SpecNode.MapNode toMap(int line, int column) {
      return new SpecNode.MapNode(entries, line, column);
    }
  }
}
