package dev.torc.cli;

import dev.torc.TorcException;
import dev.torc.model.SpecException;
import dev.torc.model.SpecProblem;
import dev.torc.run.RunException;
import dev.torc.sdk.InvalidRequestException;
import dev.torc.store.NotATorcDatabaseException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns exceptions into one clear line per problem on stderr, with a stack trace only at debug log
 * level, and into torc's exit statuses.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception e, CommandLine commandLine, ParseResult parsed) {
    PrintWriter err = commandLine.getErr();
    TorcCommand root = (TorcCommand) commandLine.getCommandSpec().root().userObject();
    int status;
    if (e instanceof SpecException spec) {
      for (SpecProblem problem : spec.problems()) {
        err.println("error: " + problem);
      }
      err.println(
          spec.problems().size() == 1
              ? "The spec has 1 problem; nothing was changed."
              : "The spec has " + spec.problems().size() + " problems; nothing was changed.");
      status = ExitCodes.INVALID_INPUT;
    } else if (e instanceof InvalidInputException
        || e instanceof InvalidRequestException
        || e instanceof NotATorcDatabaseException
        || e instanceof RunException) {
      e.getMessage().lines().forEach(line -> err.println("error: " + line));
      status = ExitCodes.INVALID_INPUT;
    } else if (e instanceof TorcException) {
      err.println("error: " + e.getMessage());
      status = ExitCodes.FAILURE;
    } else {
      err.println("error: unexpected " + e.getClass().getSimpleName() + ": " + e.getMessage());
      if (!root.debug) {
        err.println("Run again with --log-level debug for the stack trace.");
      }
      status = ExitCodes.FAILURE;
    }
    if (root.debug) {
      e.printStackTrace(err);
    }
    err.flush();
    return status;
  }
}
