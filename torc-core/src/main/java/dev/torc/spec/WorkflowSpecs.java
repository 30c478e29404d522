package dev.torc.spec;

import dev.torc.model.InputLimits;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.model.Workflow;
import dev.torc.spec.internal.KdlSpecTree;
import dev.torc.spec.internal.SpecMapper;
import dev.torc.spec.internal.SpecNode;
import dev.torc.spec.internal.SpecWriter;
import dev.torc.spec.internal.TreeReader;
import dev.torc.spec.internal.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads workflow specs (YAML, JSON, JSON5, KDL) into a {@link Workflow} and writes them back out.
 *
 * <p>A spec has the fields of the original torc's workflow specs (see {@link Workflow}); unknown
 * fields are errors, with a suggestion when a known field is spelled alike. {@code actions} is
 * recognised but not supported yet. Parameter values may be written as ranges ({@code "1:10"}), as
 * numbers ({@code 5}) or as lists ({@code [1, 2]} or {@code ['a', 'b']}). Loading reports every
 * problem at once; syntax and type problems carry the file, line and column, and problems found
 * while resolving the workflow carry the position of the job they name when it is declared under
 * that name.
 */
public final class WorkflowSpecs {
  private WorkflowSpecs() {}

  /**
   * Loads, expands, resolves and validates the spec in this file, choosing the format by the file's
   * extension, within {@link InputLimits#defaults()}.
   *
   * @param file the spec file
   * @return the built workflow
   * @throws SpecException listing every problem, with file, line and column for syntax and type
   *     errors, or when the file cannot be read or is beyond a limit
   */
  public static Workflow load(Path file) {
    return load(file, InputLimits.defaults());
  }

  /**
   * Loads, expands, resolves and validates the spec in this file within these limits.
   *
   * @param file the spec file; its extension chooses the format
   * @param limits how large the spec and the workflow may be
   * @return the built workflow
   * @throws SpecException listing every problem, or when the file cannot be read or is beyond a
   *     limit
   */
  public static Workflow load(Path file, InputLimits limits) {
    SpecFormat format = SpecFormat.of(file);
    String content;
    long readAtMost = Math.min(limits.maxSpecBytes() + 1, Integer.MAX_VALUE - 8);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) readAtMost);
      if (bytes.length > limits.maxSpecBytes()) {
        long size = Files.isRegularFile(file) ? Files.size(file) : bytes.length;
        throw new SpecException(
            new SpecProblem(file.toString(), 0, 0, Utf8.tooLarge(size, limits.maxSpecBytes())));
      }
      content =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new SpecException(
          new SpecProblem(file.toString(), 0, 0, "the spec is not valid UTF-8 text"));
    } catch (IOException e) {
      throw new SpecException(
          new SpecProblem(file.toString(), 0, 0, "cannot read the spec: " + e.getMessage()));
    }
    return parse(content, format, file.toString(), limits);
  }

  /**
   * Parses a spec held in a string, within {@link InputLimits#defaults()}.
   *
   * @param content the spec's text
   * @param format the format it is written in
   * @param sourceName the name problems are reported against, such as a file name
   * @return the built workflow
   * @throws SpecException listing every problem
   */
  public static Workflow parse(String content, SpecFormat format, String sourceName) {
    return parse(content, format, sourceName, InputLimits.defaults());
  }

  /**
   * Parses a spec held in a string within these limits.
   *
   * @param content the spec's text
   * @param format the format it is written in
   * @param sourceName the name problems are reported against, such as a file name
   * @param limits how large the spec and the workflow may be
   * @return the built workflow
   * @throws SpecException listing every problem
   */
  public static Workflow parse(
      String content, SpecFormat format, String sourceName, InputLimits limits) {
    try {
      SpecNode tree =
          format == SpecFormat.KDL
              ? KdlSpecTree.read(content, sourceName, limits)
              : TreeReader.read(content, format, sourceName, limits);
      return SpecMapper.toWorkflow(tree, sourceName, limits);
    } catch (StackOverflowError e) {
      // A last resort: the limits on nesting and name length should keep every step shallow.
      throw new SpecException(
          new SpecProblem(
              sourceName, 0, 0, "the spec is too deeply nested or too complex to read"));
    }
  }

  /**
   * Writes a built workflow as a spec that loads back into an equal workflow: the same jobs, files,
   * user data, resource requirements, failure handlers, schedulers and settings. Fields are
   * snake_case and defaults and empty values are left out. {@link SpecFormat#JSON5} is written as
   * plain JSON, which every JSON5 reader accepts.
   *
   * @param workflow the built workflow
   * @param format the format to write
   * @return the spec's text
   * @throws IllegalArgumentException for a workflow with Java tasks, which no file can hold, or for
   *     {@link SpecFormat#KDL}, which is read but not written
   */
  public static String write(Workflow workflow, SpecFormat format) {
    return SpecWriter.write(workflow, format);
  }
}
