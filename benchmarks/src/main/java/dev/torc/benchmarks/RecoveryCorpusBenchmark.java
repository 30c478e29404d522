package dev.torc.benchmarks;

import dev.torc.recovery.policy.OomSizing;
import dev.torc.store.Stores;
import dev.torc.store.WorkflowStore;
import dev.torc.testkit.FailureCorpus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the failure corpus ({@link FailureCorpus}: 27 real failing jobs with known right outcomes)
 * through recovery and prints, per job, its end state and attempts beside the right ones, then the
 * figures: jobs at their right end state, extra attempts, permanent failures retried, transient
 * failures not retried, OOM resizes beyond one.
 *
 * <p>By default the corpus runs in this process as {@code torc watch --recover --classify rules}
 * does ({@link FailureCorpus#watchRecoverAndClassify}). With {@code --cli JAR} it runs through that
 * CLI jar instead ({@code java -jar JAR watch WF --recover --classify rules}), so that any build,
 * such as one before a change, can be measured the same way.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.torc.benchmarks.RecoveryCorpusBenchmark [--rounds N]
 * [--cpus N] [--cli JAR] [--no-oom-headroom]}; defaults 1 round, 2 CPUs; {@code --no-oom-headroom}
 * sizes memory-killed jobs by the multiplier alone, as before headroom retries.
 */
public final class RecoveryCorpusBenchmark {

  private RecoveryCorpusBenchmark() {}

  public static void main(String[] args) throws Exception {
    int rounds = 1;
    int cpus = 2;
    String cli = null;
    OomSizing oomSizing = OomSizing.DEFAULT;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--cpus" -> cpus = Integer.parseInt(args[++i]);
        case "--cli" -> cli = args[++i];
        case "--no-oom-headroom" -> oomSizing = OomSizing.OFF;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<FailureCorpus.Score> scores = new ArrayList<>();
    for (int round = 1; round <= rounds; round++) {
      Path dir = Files.createTempDirectory("torc-recovery-corpus");
      Path database = dir.resolve("torc.db");
      long wf;
      try (WorkflowStore store = Stores.sqlite(database)) {
        wf = store.createWorkflow(FailureCorpus.workflow());
        if (cli == null) {
          FailureCorpus.watchRecoverAndClassify(store, wf, dir.resolve("out"), cpus, 3, oomSizing);
        }
      }
      if (cli != null) {
        runCli(cli, database, wf, dir, cpus);
      }
      try (WorkflowStore store = Stores.sqlite(database)) {
        FailureCorpus.Score score = FailureCorpus.score(store, wf);
        scores.add(score);
        System.out.println("round " + round + " (" + dir + ")");
        System.out.println(score.table());
        System.out.println(score.summary());
        System.out.println();
      }
    }
    System.out.println(
        (cli == null
                ? "in-process watch --recover --classify rules"
                    + (oomSizing.headroom() ? "" : " without OOM headroom")
                : "CLI " + cli)
            + ", "
            + rounds
            + " round(s):");
    scores.forEach(s -> System.out.println("  " + s.summary()));
  }

  private static void runCli(String jar, Path database, long wf, Path dir, int cpus)
      throws Exception {
    Process p =
        new ProcessBuilder(
                "java",
                "-jar",
                jar,
                "--database",
                database.toString(),
                "watch",
                Long.toString(wf),
                "--recover",
                "--classify",
                "rules",
                "--poll-interval",
                "1",
                "--num-cpus",
                Integer.toString(cpus),
                "-o",
                dir.resolve("out").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("watch.log").toFile())
            .start();
    p.waitFor();
  }
}
