package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line holds the one command its arguments name, or all where more are needed. */
class CommandTreeTest {
  private static final List<String> ALL = commandsOf(List.of());

  @Test
  void theNamedCommandAloneAfterTheRootsOptions() {
    assertThat(commandsOf(List.of("--database", "x.db", "-f", "json", "run", "spec.yaml")))
        .containsExactly("run");
    assertThat(commandsOf(List.of("--log-level=info", "-fjson", "workflows", "list")))
        .containsExactly("workflows");
    assertThat(commandsOf(List.of("--database", "run", "jobs", "list", "1")))
        .containsExactly("jobs");
  }

  @Test
  void everyCommandForHelpCompletionAndWhatIsNoCommand() {
    assertThat(ALL).hasSizeGreaterThan(15).contains("run", "workflows", "help", "completion");
    assertThat(commandsOf(List.of("--help", "run"))).isEqualTo(ALL);
    assertThat(commandsOf(List.of("help", "run"))).isEqualTo(ALL);
    assertThat(commandsOf(List.of("completion"))).isEqualTo(ALL);
    assertThat(commandsOf(List.of("nosuch"))).isEqualTo(ALL);
    assertThat(commandsOf(List.of("--database", "x.db"))).isEqualTo(ALL);
    assertThat(commandsOf(List.of("--", "run"))).isEqualTo(ALL);
  }

  @Test
  void theRootsOptionsReachTheNamedCommand() {
    CommandLine commandLine = TorcCommand.commandLine(List.of("run", "--database", "x.db", "s"));
    assertThat(commandLine.getSubcommands().get("run").getCommandSpec().findOption("--database"))
        .isNotNull();
  }

  private static List<String> commandsOf(List<String> args) {
    return List.copyOf(TorcCommand.commandLine(args).getSubcommands().keySet());
  }
}
