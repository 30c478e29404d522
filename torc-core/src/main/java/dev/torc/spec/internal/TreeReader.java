package dev.torc.spec.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.torc.model.InputLimits;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.spec.SpecFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads YAML, JSON or JSON5 text into a {@link SpecNode} tree that remembers where every value is,
 * within {@link InputLimits}: the text's size (and for YAML its longest line), how deeply it nests
 * and how many values it holds once YAML aliases are expanded. An alias is shared in the tree, not
 * copied, and costs as many values as its anchor holds, so an alias bomb is refused after reading
 * about as much as it is long.
 */
public final class TreeReader {
  private static final JsonReadFeature[] JSON5_FEATURES = {
    JsonReadFeature.ALLOW_JAVA_COMMENTS,
    JsonReadFeature.ALLOW_YAML_COMMENTS,
    JsonReadFeature.ALLOW_SINGLE_QUOTES,
    JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
    JsonReadFeature.ALLOW_TRAILING_COMMA,
    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS,
    JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS,
    JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS,
    JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS,
    JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
    JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS
  };

  /** Jackson's note of where the document started, which repeats what the position says. */
  private static final Pattern FOR_ROOT =
      Pattern.compile("\\s*\\(for root starting at \\[Source.*$");

  private final String source;
  private final InputLimits limits;
  private final Map<String, SpecNode> anchors = new HashMap<>();
  private final Map<String, Long> anchorValues = new HashMap<>();
  private long values;
  private boolean aliased;
  private int depth;

  private TreeReader(String source, InputLimits limits) {
    this.source = source;
    this.limits = limits;
  }

  /**
   * Parses a document.
   *
   * @throws SpecException with file, line and column for a syntax error, an empty document, a
   *     second document or text after the first, or a document beyond the limits
   */
  public static SpecNode read(
      String content, SpecFormat format, String source, InputLimits limits) {
    TreeReader reader = new TreeReader(source, limits);
    reader.checkSize(content, format);
    try (JsonParser parser = factory(format, limits).createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SpecException(new SpecProblem(source, 0, 0, "the spec is empty"));
      }
      SpecNode root = reader.value(parser);
      reader.checkNothingFollows(parser, format);
      return root;
    } catch (JsonProcessingException e) {
      throw new SpecException(reader.syntaxProblem(e));
    } catch (IOException e) {
      throw new SpecException(new SpecProblem(source, 0, 0, "cannot read the spec: " + e));
    }
  }

  /**
   * A parser factory whose own limits sit just beyond ours, so that ours are met first and reported
   * with their position.
   */
  private static JsonFactory factory(SpecFormat format, InputLimits limits) {
    int length = (int) Math.min(Integer.MAX_VALUE, limits.maxSpecBytes() + 1);
    StreamReadConstraints constraints =
        StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxNestingDepth() + 1)
            .maxStringLength(length)
            .maxDocumentLength(limits.maxSpecBytes() + 1)
            .build();
    return switch (format) {
      case YAML -> {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(length);
        options.setNestingDepthLimit(limits.maxNestingDepth() + 1);
        options.setAllowRecursiveKeys(false);
        yield YAMLFactory.builder()
            .loaderOptions(options)
            .streamReadConstraints(constraints)
            .build();
      }
      case JSON -> JsonFactory.builder().streamReadConstraints(constraints).build();
      case KDL -> throw new IllegalArgumentException("KDL is read by KdlSpecTree");
      case JSON5 -> {
        JsonFactoryBuilder builder = new JsonFactoryBuilder().streamReadConstraints(constraints);
        for (JsonReadFeature feature : JSON5_FEATURES) {
          builder.enable(feature);
        }
        yield builder.build();
      }
    };
  }

  /** Refuses text larger than the limit, and YAML with a line longer than its limit. */
  private void checkSize(String content, SpecFormat format) {
    long bytes = Utf8.length(content);
    if (bytes > limits.maxSpecBytes()) {
      throw new SpecException(
          new SpecProblem(source, 0, 0, Utf8.tooLarge(bytes, limits.maxSpecBytes())));
    }
    if (format != SpecFormat.YAML) {
      return;
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i <= content.length(); i++) {
      if (i == content.length() || content.charAt(i) == '\n') {
        if (i - lineStart > limits.maxYamlLineLength()) {
          throw new SpecException(
              new SpecProblem(
                  source,
                  line,
                  limits.maxYamlLineLength() + 1,
                  String.format(
                      Locale.ROOT,
                      "line %d is %,d characters long, more than the %,d a line of a YAML spec may"
                          + " have; break it up, or write the spec as JSON",
                      line,
                      i - lineStart,
                      limits.maxYamlLineLength())));
        }
        line++;
        lineStart = i + 1;
      }
    }
  }

  /** Refuses a second YAML document, or anything but whitespace and comments after the first. */
  private void checkNothingFollows(JsonParser parser, SpecFormat format) throws IOException {
    JsonToken next;
    try {
      next = parser.nextToken();
    } catch (JsonProcessingException e) {
      SpecProblem syntax = syntaxProblem(e);
      throw new SpecException(
          new SpecProblem(
              source,
              syntax.line(),
              syntax.column(),
              "text after the end of the spec: " + syntax.message()));
    }
    if (next == null) {
      return;
    }
    JsonLocation at = parser.currentTokenLocation();
    throw new SpecException(
        new SpecProblem(
            source,
            Math.max(at.getLineNr(), 0),
            Math.max(at.getColumnNr(), 0),
            format == SpecFormat.YAML
                ? "a second YAML document starts here; a spec is one document"
                : "text after the end of the spec: a spec is one object"));
  }

  /**
   * A value; YAML anchors on maps and lists are remembered, aliases to them resolved and merge keys
   * ({@code <<: *base}) applied. The YAML parser does not report anchors on single values, so an
   * alias to one is an error rather than being read as the alias's name.
   */
  private SpecNode value(JsonParser parser) throws IOException {
    JsonLocation at = parser.currentTokenLocation();
    int line = Math.max(at.getLineNr(), 0);
    int column = Math.max(at.getColumnNr(), 0);
    if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
      SpecNode target = anchors.get(parser.getText());
      if (target == null) {
        throw new SpecException(
            new SpecProblem(
                source,
                line,
                column,
                "YAML alias '*"
                    + parser.getText()
                    + "' does not name an anchored map or list defined before it (anchors on"
                    + " single values are not supported)"));
      }
      aliased = true;
      count(anchorValues.get(parser.getText()), line, column);
      return target;
    }
    String anchor = parser.getObjectId() instanceof String id ? id : null;
    long before = values;
    SpecNode node = parse(parser, line, column);
    if (anchor != null) {
      anchors.put(anchor, node);
      anchorValues.put(anchor, values - before);
    }
    return node;
  }

  /** Counts values read or expanded, refusing the spec when they pass the limit. */
  private void count(long more, int line, int column) {
    values += more;
    if (values > limits.maxValues()) {
      throw new SpecException(
          new SpecProblem(
              source,
              line,
              column,
              String.format(
                  Locale.ROOT,
                  aliased
                      ? "the spec holds more than %,d values once its YAML aliases are expanded"
                          + " (an alias bomb?)"
                      : "the spec holds more than %,d values",
                  limits.maxValues())));
    }
  }

  private SpecNode parse(JsonParser parser, int line, int column) throws IOException {
    count(1, line, column);
    JsonToken token = parser.currentToken();
    if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
      if (++depth > limits.maxNestingDepth()) {
        throw new SpecException(
            new SpecProblem(
                source,
                line,
                column,
                "maps and lists nest more than "
                    + limits.maxNestingDepth()
                    + " deep here; a spec may nest at most that deep"));
      }
      try {
        return token == JsonToken.START_OBJECT
            ? map(parser, line, column)
            : list(parser, line, column);
      } finally {
        depth--;
      }
    }
    return scalar(parser, token, line, column);
  }

  private SpecNode map(JsonParser parser, int line, int column) throws IOException {
    Map<String, SpecNode.Entry> entries = new LinkedHashMap<>();
    List<SpecNode.Entry> merges = new ArrayList<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      JsonLocation keyAt = parser.currentTokenLocation();
      String key = parser.currentName();
      parser.nextToken();
      SpecNode value = value(parser);
      SpecNode.Entry entry = new SpecNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value);
      if (key.equals("<<") && parser instanceof YAMLParser) {
        merges.add(entry);
        continue;
      }
      if (entries.putIfAbsent(key, entry) != null) {
        throw new SpecException(
            new SpecProblem(
                source, keyAt.getLineNr(), keyAt.getColumnNr(), "duplicate key '" + key + "'"));
      }
    }
    for (SpecNode.Entry merge : merges) {
      List<SpecNode> sources =
          merge.value() instanceof SpecNode.ListNode list ? list.items() : List.of(merge.value());
      for (SpecNode merged : sources) {
        if (!(merged instanceof SpecNode.MapNode map)) {
          throw new SpecException(
              new SpecProblem(
                  source,
                  merge.line(),
                  merge.column(),
                  "a YAML merge key '<<' needs a map or a list of maps"));
        }
        map.entries().forEach(entries::putIfAbsent);
      }
    }
    return new SpecNode.MapNode(entries, line, column);
  }

  private SpecNode list(JsonParser parser, int line, int column) throws IOException {
    List<SpecNode> items = new ArrayList<>();
    while (parser.nextToken() != JsonToken.END_ARRAY) {
      items.add(value(parser));
    }
    return new SpecNode.ListNode(items, line, column);
  }

  private static SpecNode scalar(JsonParser parser, JsonToken token, int line, int column)
      throws IOException {
    return switch (token) {
      case VALUE_STRING -> new SpecNode.Scalar(parser.getText(), line, column);
      case VALUE_NUMBER_INT -> new SpecNode.Scalar(parser.getNumberValue(), line, column);
      case VALUE_NUMBER_FLOAT -> new SpecNode.Scalar(parser.getDoubleValue(), line, column);
      case VALUE_TRUE, VALUE_FALSE ->
          new SpecNode.Scalar(token == JsonToken.VALUE_TRUE, line, column);
      case VALUE_NULL -> new SpecNode.Scalar(null, line, column);
      default -> new SpecNode.Scalar(parser.getText(), line, column);
    };
  }

  private SpecProblem syntaxProblem(JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    int line = at == null ? 0 : Math.max(at.getLineNr(), 0);
    int column = at == null ? 0 : Math.max(at.getColumnNr(), 0);
    String message = e.getOriginalMessage();
    if (message == null) {
      message = e.getClass().getSimpleName();
    }
    return new SpecProblem(source, line, column, "syntax error: " + cleanMessage(message));
  }

  /**
   * The parser's explanation without source excerpts, position lines or caret markers: for YAML the
   * context and the problem ("while parsing a block mapping: expected &lt;block end&gt;..."), for
   * JSON the first line.
   */
  static String cleanMessage(String message) {
    List<String> kept = new ArrayList<>();
    boolean skipping = false;
    for (String raw : message.split("\\R")) {
      String line = raw.strip();
      if (skipping) {
        skipping = !line.startsWith("^");
        continue;
      }
      if (line.startsWith("in '")) {
        skipping = true;
        continue;
      }
      line = FOR_ROOT.matcher(line).replaceAll("");
      if (line.isEmpty() || line.startsWith("at [Source")) {
        continue;
      }
      kept.add(line.endsWith(":") ? line.substring(0, line.length() - 1) : line);
    }
    return kept.isEmpty() ? message.strip() : String.join(": ", kept);
  }
}
