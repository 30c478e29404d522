package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Every command's help renders as written: picocli warns on stderr when a description does not. */
class HelpTest {

  @Test
  void everyCommandsHelpRendersWithoutWarnings() {
    List<String> warnings = new ArrayList<>();
    List<CommandLine> commands = new ArrayList<>();
    collect(TorcCommand.commandLine(), commands);
    PrintStream err = System.err;
    for (CommandLine command : commands) {
      ByteArrayOutputStream captured = new ByteArrayOutputStream();
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      String usage;
      try {
        usage = command.getUsageMessage();
      } finally {
        System.setErr(err);
      }
      assertThat(usage).as(command.getCommandName()).isNotBlank();
      String text = captured.toString(StandardCharsets.UTF_8);
      if (!text.isBlank()) {
        warnings.add(command.getCommandSpec().qualifiedName() + ": " + text.strip());
      }
    }
    assertThat(commands).hasSizeGreaterThan(20);
    assertThat(warnings).isEmpty();
  }

  private static void collect(CommandLine command, List<CommandLine> into) {
    into.add(command);
    command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
  }
}
