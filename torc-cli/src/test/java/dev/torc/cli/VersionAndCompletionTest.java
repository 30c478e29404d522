package dev.torc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code torc --version} names the build, and {@code torc completion} completes in a real bash. */
class VersionAndCompletionTest {
  @TempDir Path dir;

  @Test
  void versionNamesTheProjectVersionAndTheCommitItWasBuiltFrom() throws Exception {
    CliRunner.Result result = new CliRunner(dir.resolve("torc.db")).run("--version");

    assertThat(result.exitCode()).isZero();
    String line = result.out().strip();
    assertThat(line).matches("torc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)? \\(commit [0-9a-f]{7,}.*\\)");
    String commit = line.replaceAll(".*\\(commit ([0-9a-f]+).*", "$1");
    boolean linkedWorktree =
        !git("rev-parse", "--git-dir").equals(git("rev-parse", "--git-common-dir"));
    if (linkedWorktree) {
      // The plugin reads the main checkout's HEAD in a linked worktree: the commit must exist.
      assertThat(git("cat-file", "-t", commit)).isEqualTo("commit");
    } else {
      assertThat(git("rev-parse", "--short=7", "HEAD")).startsWith(commit.substring(0, 7));
    }
  }

  @Test
  void bashCompletesCommandsAndOptionsFromTheGeneratedScript() throws Exception {
    CliRunner.Result result = new CliRunner(dir.resolve("torc.db")).run("completion");
    assertThat(result.exitCode()).isZero();
    Path script = dir.resolve("torc-completion.bash");
    Files.writeString(script, result.out());

    assertThat(complete(script, "torc", "work")).contains("workflows");
    assertThat(complete(script, "torc", "workflows", "cr")).contains("create");
    assertThat(complete(script, "torc", "run", "--max-par")).contains("--max-parallel-jobs");
  }

  /** What the generated completion function offers for the last word of {@code words}. */
  private String complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    String bash =
        "source '"
            + script
            + "'\n"
            + "COMP_WORDS=("
            + line
            + ")\n"
            + "COMP_CWORD="
            + (words.length - 1)
            + "\nCOMP_LINE='"
            + line
            + "'\nCOMP_POINT=${#COMP_LINE}\n"
            + "_complete_torc torc\n"
            + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process process = new ProcessBuilder("bash", "-c", bash).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(out).isZero();
    return out;
  }

  private static String git(String... args) throws IOException, InterruptedException {
    String[] command = new String[args.length + 1];
    command[0] = "git";
    System.arraycopy(args, 0, command, 1, args.length);
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    process.waitFor(30, TimeUnit.SECONDS);
    return out.strip();
  }
}
