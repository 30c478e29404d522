package dev.torc.cli;

import dev.torc.sdk.Torc;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that works on the store through a {@link Torc}: opens it, runs, and closes it. */
abstract class StoreCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    try (Torc torc = root().openTorc()) {
      return run(torc);
    }
  }

  /** Does the command's work and returns its exit status. */
  abstract int run(Torc torc) throws Exception;

  TorcCommand root() {
    return (TorcCommand) spec.root().userObject();
  }

  boolean json() {
    return root().format == TorcCommand.Format.json;
  }

  java.io.PrintWriter err() {
    return spec.commandLine().getErr();
  }

  Output output() {
    return new Output(spec.commandLine().getOut());
  }

  /** Who runs the command, for the event log: {@code user $USER}. */
  static String actor() {
    return "user " + Objects.requireNonNullElse(System.getenv("USER"), "unknown");
  }

  /** Prints one object: as JSON, or as a table of its fields. */
  void show(java.util.Map<String, Object> fields) {
    if (json()) {
      output().json(fields);
    } else {
      output()
          .table(
              java.util.List.of("Field", "Value"),
              fields.entrySet().stream()
                  .map(
                      e ->
                          java.util.List.of(e.getKey(), WorkflowsCommand.nullToEmpty(e.getValue())))
                  .toList());
    }
  }
}
