package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CLI only parses, makes calls on the operations layer and prints. */
class LayeringTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/torc/cli");

  private static List<Path> sources() throws IOException {
    try (Stream<Path> files = Files.list(SOURCES)) {
      return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
    }
  }

  @Test
  void noCommandTalksToTheStore() throws IOException {
    List<Path> files = sources();
    assertThat(files).hasSizeGreaterThan(10);
    for (Path file : files) {
      assertThat(Files.readString(file))
          .as(file.toString())
          .doesNotContain("WorkflowStore")
          .doesNotContain(".store()");
    }
  }

  @Test
  void recoverAndWatchDoNotClimbBackIntoRun() throws IOException {
    for (String command : List.of("RecoverCommand.java", "WatchCommand.java")) {
      assertThat(Files.readString(SOURCES.resolve(command))).doesNotContain("RunCommand");
    }
  }
}
