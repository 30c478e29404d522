package dev.torc.spec.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.spec.SpecFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads YAML, JSON or JSON5 text into a {@link SpecNode} tree that remembers where every value is.
 */
public final class TreeReader {
  private static final StreamReadConstraints CONSTRAINTS =
      StreamReadConstraints.builder().maxNestingDepth(200).build();
  private static final JsonFactory JSON =
      JsonFactory.builder().streamReadConstraints(CONSTRAINTS).build();
  private static final JsonFactory JSON5 =
      JsonFactory.builder()
          .streamReadConstraints(CONSTRAINTS)
          .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
          .enable(JsonReadFeature.ALLOW_YAML_COMMENTS)
          .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
          .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonReadFeature.ALLOW_LEADING_PLUS_SIGN_FOR_NUMBERS)
          .enable(JsonReadFeature.ALLOW_LEADING_DECIMAL_POINT_FOR_NUMBERS)
          .enable(JsonReadFeature.ALLOW_TRAILING_DECIMAL_POINT_FOR_NUMBERS)
          .enable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
          .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
          .build();
  private static final JsonFactory YAML =
      YAMLFactory.builder().streamReadConstraints(CONSTRAINTS).build();

  private final String source;
  private final Map<String, SpecNode> anchors = new HashMap<>();

  private TreeReader(String source) {
    this.source = source;
  }

  /**
   * Parses a document.
   *
   * @throws SpecException with file, line and column for a syntax error or an empty document
   */
  public static SpecNode read(String content, SpecFormat format, String source) {
    JsonFactory factory =
        switch (format) {
          case YAML -> YAML;
          case JSON -> JSON;
          case JSON5 -> JSON5;
        };
    TreeReader reader = new TreeReader(source);
    try (JsonParser parser = factory.createParser(content)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SpecException(new SpecProblem(source, 0, 0, "the spec is empty"));
      }
      return reader.value(parser);
    } catch (JsonProcessingException e) {
      throw new SpecException(reader.syntaxProblem(e));
    } catch (IOException e) {
      throw new SpecException(new SpecProblem(source, 0, 0, "cannot read the spec: " + e));
    }
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
      return target;
    }
    String anchor = parser.getObjectId() instanceof String id ? id : null;
    SpecNode node = parse(parser, line, column);
    if (anchor != null) {
      anchors.put(anchor, node);
    }
    return node;
  }

  private SpecNode parse(JsonParser parser, int line, int column) throws IOException {
    JsonToken token = parser.currentToken();
    switch (token) {
      case START_OBJECT -> {
        Map<String, SpecNode.Entry> entries = new LinkedHashMap<>();
        List<SpecNode.Entry> merges = new ArrayList<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          JsonLocation keyAt = parser.currentTokenLocation();
          String key = parser.currentName();
          parser.nextToken();
          SpecNode value = value(parser);
          SpecNode.Entry entry =
              new SpecNode.Entry(key, keyAt.getLineNr(), keyAt.getColumnNr(), value);
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
              merge.value() instanceof SpecNode.ListNode list
                  ? list.items()
                  : List.of(merge.value());
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
      case START_ARRAY -> {
        List<SpecNode> items = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          items.add(value(parser));
        }
        return new SpecNode.ListNode(items, line, column);
      }
      case VALUE_STRING -> {
        return new SpecNode.Scalar(parser.getText(), line, column);
      }
      case VALUE_NUMBER_INT -> {
        return new SpecNode.Scalar(parser.getNumberValue(), line, column);
      }
      case VALUE_NUMBER_FLOAT -> {
        return new SpecNode.Scalar(parser.getDoubleValue(), line, column);
      }
      case VALUE_TRUE, VALUE_FALSE -> {
        return new SpecNode.Scalar(token == JsonToken.VALUE_TRUE, line, column);
      }
      case VALUE_NULL -> {
        return new SpecNode.Scalar(null, line, column);
      }
      default -> {
        return new SpecNode.Scalar(parser.getText(), line, column);
      }
    }
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
      if (line.isEmpty() || line.startsWith("at [Source")) {
        continue;
      }
      kept.add(line.endsWith(":") ? line.substring(0, line.length() - 1) : line);
    }
    return kept.isEmpty() ? message.strip() : String.join(": ", kept);
  }
}
