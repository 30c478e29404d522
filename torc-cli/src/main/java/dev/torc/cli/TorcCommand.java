package dev.torc.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import dev.torc.sdk.Torc;
import dev.torc.store.DefaultLocations;
import dev.torc.store.Stores;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The root of the {@code torc} command: global options and the command groups. */
@Command(
    name = "torc",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Runs workflows of jobs on this machine or on a Slurm cluster, and recovers from failures.",
      "",
      "Workflows live in a store: by default the SQLite file ./output/torc.db, or the SQLite"
          + " file or PostgreSQL database named by --database or $TORC_DATABASE. Jobs' logs go to"
          + " ./output by default, as in the original torc.",
      "Stores of earlier versions are still found: while ./torc_output/torc.db exists and"
          + " ./output/torc.db does not, ./torc_output stays the default for both."
    },
    footer = {
      "",
      "Exit status: 0 success; 1 failure (for runs: a job failed, was canceled or terminated);"
          + " 2 invalid command line or input; 3 jobs await classification.",
      "Example: torc workflows create torc-examples/yaml/diamond.yaml"
    })
public final class TorcCommand {
  /** The commands, in the order help lists them. */
  private static final List<Class<?>> COMMANDS =
      List.of(
          RunCommand.class,
          SubmitCommand.class,
          SubmitSlurmCommand.class,
          SlurmCommand.class,
          HpcCommand.class,
          WatchCommand.class,
          RecoverCommand.class,
          RulesCommand.class,
          WorkflowsCommand.class,
          JobsCommand.class,
          ResultsCommand.class,
          ReportsCommand.class,
          EventsCommand.class,
          LogsCommand.class,
          FilesCommand.class,
          UserDataCommand.class,
          ResourceRequirementsCommand.class,
          McpServerCommand.class,
          CompletionCommand.class,
          CommandLine.HelpCommand.class);

  /** Commands that work on the whole command tree. */
  private static final Set<Class<?>> NEED_ALL_COMMANDS =
      Set.of(CompletionCommand.class, CommandLine.HelpCommand.class);

  /** How results are printed. */
  enum Format {
    table,
    json
  }

  @Option(
      names = {"-f", "--format"},
      scope = ScopeType.INHERIT,
      paramLabel = "FORMAT",
      description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
      defaultValue = "table")
  Format format;

  @Option(
      names = "--database",
      scope = ScopeType.INHERIT,
      paramLabel = "DATABASE",
      description =
          "Store to use: a SQLite file, or PostgreSQL as postgresql://USER@HOST[:PORT]/DB"
              + "[?schema=NAME] or jdbc:postgresql://...; the password comes from $PGPASSWORD"
              + " or ~/.pgpass (default: $TORC_DATABASE, else ./output/torc.db, or"
              + " ./torc_output/torc.db where only that one exists).")
  String database;

  @Option(
      names = "--log-level",
      scope = ScopeType.INHERIT,
      paramLabel = "LEVEL",
      description = "Logging to stderr: error, warn, info, debug, trace (default: warn).",
      defaultValue = "warn")
  void logLevel(String level) {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.WARN));
    debug = !root.getLevel().isGreaterOrEqual(Level.INFO);
  }

  /** Whether errors should carry their stack traces. */
  boolean debug;

  /** The system property that holds the default output directory, for option defaults. */
  static final String DEFAULT_OUTPUT_DIR_PROPERTY = "torc.cli.default-output-dir";

  /** The default value of every {@code --output-dir} option. */
  static final String DEFAULT_OUTPUT_DIR = "${sys:" + DEFAULT_OUTPUT_DIR_PROPERTY + ":-output}";

  /** How option help describes that default. */
  static final String OUTPUT_DIR_HELP =
      " (default: ${DEFAULT-VALUE}; that is ./output, or ./torc_output while only"
          + " ./torc_output/torc.db exists)";

  /** Builds the command line with torc's error handling and all its commands. */
  static CommandLine commandLine() {
    return commandLine(List.of());
  }

  /**
   * Builds the command line with torc's error handling to run these arguments: with only the
   * command they name when they name one, since picocli builds the model of every command it is
   * given at each start, which costs a short command more than its work.
   */
  static CommandLine commandLine(List<String> args) {
    // Options that default to the output directory show and use this one.
    System.setProperty(DEFAULT_OUTPUT_DIR_PROPERTY, DefaultLocations.outputDir().toString());
    CommandLine commandLine = new CommandLine(new TorcCommand());
    Optional<Class<?>> named =
        commandName(commandLine.getCommandSpec(), args)
            .flatMap(TorcCommand::commandNamed)
            .filter(command -> !NEED_ALL_COMMANDS.contains(command));
    for (Class<?> command : named.<List<Class<?>>>map(List::of).orElse(COMMANDS)) {
      commandLine.addSubcommand(command);
    }
    commandLine.setExecutionExceptionHandler(new ErrorHandler());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }

  /**
   * The first argument that is neither one of the root's options nor its value; none when the
   * root's help or version is asked for first.
   */
  private static Optional<String> commandName(CommandSpec root, List<String> args) {
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--") || arg.startsWith("@")) {
        return Optional.empty(); // end of options, or an argument file: let picocli sort it out
      }
      if (arg.startsWith("-")) {
        OptionSpec option = root.findOption(arg);
        if (option != null && (option.usageHelp() || option.versionHelp())) {
          return Optional.empty(); // the root's help lists every command
        }
        if (option != null && option.arity().max() > 0) {
          i++;
        }
      } else {
        return Optional.of(arg);
      }
    }
    return Optional.empty();
  }

  private static Optional<Class<?>> commandNamed(String name) {
    for (Class<?> command : COMMANDS) {
      Command annotation = command.getAnnotation(Command.class);
      if (annotation.name().equals(name) || List.of(annotation.aliases()).contains(name)) {
        return Optional.of(command);
      }
    }
    return Optional.empty();
  }

  /** The store the options name: a SQLite file's path or a PostgreSQL URL. */
  String databaseLocation() {
    return database != null ? database : Stores.defaultLocation();
  }

  /** Opens a torc over the store the options name. */
  Torc openTorc() {
    return Torc.builder()
        .database(databaseLocation())
        .outputDir(DefaultLocations.outputDir())
        .build();
  }
}
