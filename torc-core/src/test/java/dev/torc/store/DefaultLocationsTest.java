package dev.torc.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default output directory: {@code output}, or the older {@code torc_output} where in use. */
class DefaultLocationsTest {
  @TempDir Path dir;

  @Test
  void aFreshDirectoryUsesOutput() {
    assertThat(DefaultLocations.outputDir(dir)).isEqualTo(dir.resolve("output"));
  }

  @Test
  void anEarlierStoreKeepsTorcOutputInUse() throws IOException {
    touch(dir.resolve("torc_output/torc.db"));

    assertThat(DefaultLocations.outputDir(dir)).isEqualTo(dir.resolve("torc_output"));
  }

  @Test
  void onceOutputHasAStoreItWins() throws IOException {
    touch(dir.resolve("torc_output/torc.db"));
    touch(dir.resolve("output/torc.db"));

    assertThat(DefaultLocations.outputDir(dir)).isEqualTo(dir.resolve("output"));
  }

  @Test
  void aTorcOutputDirectoryWithoutAStoreDoesNotCount() throws IOException {
    Files.createDirectories(dir.resolve("torc_output/job_stdio"));

    assertThat(DefaultLocations.outputDir(dir)).isEqualTo(dir.resolve("output"));
  }

  private static void touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, "");
  }
}
