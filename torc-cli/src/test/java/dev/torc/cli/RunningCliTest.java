package dev.torc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** What tests that run workflows through the CLI share: a store, a spec file and `torc run`. */
abstract class RunningCliTest {
  @TempDir Path dir;
  CliRunner cli;

  @BeforeEach
  void openStore() {
    cli = new CliRunner(dir.resolve("torc.db"));
  }

  /** Writes {@code spec.yaml}, with {@code DIR} standing for the test's directory. */
  Path spec(String content) throws IOException {
    Path file = dir.resolve("spec.yaml");
    Files.writeString(file, content.replace("DIR", dir.toString()));
    return file;
  }

  /** {@code torc -f json run TARGET --quiet -o DIR/out --num-cpus 2 --poll-interval 0.1 EXTRA}. */
  CliRunner.Result run(String target, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                target,
                "--quiet",
                "-o",
                dir.resolve("out").toString(),
                "--num-cpus",
                "2",
                "--poll-interval",
                "0.1"));
    args.addAll(List.of(extra));
    return cli.json(args.toArray(String[]::new));
  }

  JsonNode job(long workflowId, String name) {
    return cli.jobsByName(workflowId).get(name);
  }
}
