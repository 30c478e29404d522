package dev.torc.cli;

import dev.torc.recovery.workflow.RuleSuggestions;
import dev.torc.sdk.RuleSuggestRequest;
import dev.torc.sdk.RuleSuggestionsReport;
import dev.torc.sdk.Torc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code torc rules ...}: classification rules. */
@Command(
    name = "rules",
    mixinStandardHelpOptions = true,
    description = "Classification rules for failures.",
    subcommands = {RulesCommand.Suggest.class})
final class RulesCommand {

  @Command(
      name = "suggest",
      mixinStandardHelpOptions = true,
      description = {
        "Propose classification rules learned from the classifications people and agents made"
            + " (torc jobs classify by a user, an MCP client) for the workflow's jobs; rules the"
            + " rules themselves applied are not learned from.",
        "Each classification is matched with the failed attempt it judged and that attempt's"
            + " failure signature: the decisive line of its standard error with numbers, paths,"
            + " hex ids and UUIDs blanked out. Classifications of the same signature are grouped;"
            + " a group proposes a rule in the spec's classification_rules syntax whose pattern is"
            + " the line with those parts generalised, with the majority's classification, a"
            + " confidence of 0.9 times the majority's share, how many classifications support it"
            + " and how many conflict. Signatures classified both ways equally often are listed"
            + " as conflicts; attempts that left no standard error cannot be learned from.",
        "Only suggestions: nothing is applied or changed. Copy the rules you agree with into the"
            + " spec's classification_rules."
      })
  static final class Suggest extends StoreCommand {
    @Parameters(
        paramLabel = "WORKFLOW_ID",
        description = "The workflow whose classifications to learn from.")
    long workflowId;

    @Option(
        names = "--min-support",
        paramLabel = "N",
        defaultValue = "1",
        description =
            "Propose only rules at least N classifications agree with (default: ${DEFAULT-VALUE}).")
    int minSupport;

    @Override
    int run(Torc torc) {
      if (minSupport < 1) {
        throw new InvalidInputException("--min-support must be at least 1, was " + minSupport);
      }
      RuleSuggestionsReport suggested =
          torc.suggestRules(workflowId, new RuleSuggestRequest(minSupport));
      if (json()) {
        output().json(suggested.toJson());
        return ExitCodes.OK;
      }
      RuleSuggestions.Report report = suggested.report();
      output()
          .line(
              "Learned from "
                  + report.classifications()
                  + " classification(s) by people and agents in workflow "
                  + workflowId
                  + (report.withoutSignature() > 0
                      ? " (" + report.withoutSignature() + " without standard error to learn from)"
                      : "")
                  + ":");
      if (report.suggestions().isEmpty()) {
        output().line("  no rule to suggest");
      } else {
        output().line("classification_rules:");
        for (RuleSuggestions.Suggestion s : report.suggestions()) {
          output()
              .line(
                  "  # "
                      + s.support()
                      + " agree, "
                      + s.conflicts()
                      + " conflict; by "
                      + String.join(", ", s.actors())
                      + "; jobs "
                      + String.join(", ", s.jobs()));
          output().line("  " + s.yaml());
        }
      }
      for (RuleSuggestions.Conflict c : report.conflicts()) {
        output()
            .line(
                "Conflict, no rule: '"
                    + c.signature()
                    + "' classified transient "
                    + c.transientCount()
                    + " and permanent "
                    + c.permanentCount()
                    + " time(s)");
      }
      output().line("Suggestions only: nothing was applied.");
      return ExitCodes.OK;
    }
  }
}
