package dev.torc.cli;

import dev.torc.sdk.InvalidRequestException;
import dev.torc.sdk.ListQuery;
import dev.torc.sdk.Page;
import picocli.CommandLine.Option;

/** The original torc's options of list commands: how many, from where, in which order. */
final class ListOptionsMixin {
  @Option(
      names = {"-l", "--limit"},
      paramLabel = "N",
      defaultValue = "" + Page.MAX_LIMIT,
      description = "List at most N items (default: ${DEFAULT-VALUE}, the most allowed).")
  int limit = Page.MAX_LIMIT;

  @Option(
      names = "--offset",
      paramLabel = "N",
      defaultValue = "0",
      description = "Skip the first N items (0-based; default: ${DEFAULT-VALUE}).")
  int offset;

  @Option(
      names = "--sort-by",
      paramLabel = "FIELD",
      description =
          "Sort by this field of the items' JSON (as -f json prints them), such as id, name or"
              + " status; an unknown field is an error that lists the fields.")
  String sortBy;

  @Option(names = "--reverse-sort", description = "Reverse the order.")
  boolean reverse;

  /** The query these options describe. */
  ListQuery query() {
    try {
      return new ListQuery(limit, offset, sortBy, reverse);
    } catch (InvalidRequestException e) {
      throw new InvalidInputException(
          e.getMessage().replace("limit", "--limit").replace("offset", "--offset"));
    }
  }
}
