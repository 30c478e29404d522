package dev.torc.spec;

import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.model.Workflow;
import dev.torc.spec.internal.SpecMapper;
import dev.torc.spec.internal.SpecWriter;
import dev.torc.spec.internal.TreeReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads workflow specs (YAML, JSON, JSON5) into a {@link Workflow} and writes them back out.
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
   * extension.
   *
   * @throws SpecException listing every problem, with file, line and column for syntax and type
   *     errors, or when the file cannot be read
   */
  public static Workflow load(Path file) {
    SpecFormat format = SpecFormat.of(file);
    String content;
    try {
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new SpecException(
          new SpecProblem(file.toString(), 0, 0, "cannot read the spec: " + e.getMessage()));
    }
    return parse(content, format, file.toString());
  }

  /**
   * Parses a spec held in a string.
   *
   * @param sourceName the name problems are reported against, such as a file name
   * @throws SpecException listing every problem
   */
  public static Workflow parse(String content, SpecFormat format, String sourceName) {
    return SpecMapper.toWorkflow(TreeReader.read(content, format, sourceName), sourceName);
  }

  /**
   * Writes a built workflow as a spec that loads back into an equal workflow: the same jobs, files,
   * user data, resource requirements, failure handlers, schedulers and settings. Fields are
   * snake_case and defaults and empty values are left out. {@link SpecFormat#JSON5} is written as
   * plain JSON, which every JSON5 reader accepts.
   *
   * @throws IllegalArgumentException for a workflow with Java tasks, which no file can hold
   */
  public static String write(Workflow workflow, SpecFormat format) {
    return SpecWriter.write(workflow, format);
  }
}
