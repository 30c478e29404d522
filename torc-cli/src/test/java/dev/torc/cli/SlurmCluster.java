package dev.torc.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Slurm cluster the tests tagged {@code slurm} need (.ci/run starts one with
 * .ci/slurm-local-up.sh and sets TORC_TEST_SLURM=1). With TORC_TEST_SLURM=1 (or CI=true) a cluster
 * that does not answer fails the test; without, on a developer machine with no Slurm, the test is
 * reported aborted with the reason.
 */
final class SlurmCluster {
  private SlurmCluster() {}

  /** Fails or aborts the test when {@code sinfo} does not answer. */
  static void require() {
    if (answers()) {
      return;
    }
    String why =
        "no Slurm cluster answers here (sinfo failed): start one with"
            + " SLURM_LOCAL_ACCOUNTING=1 .ci/slurm-local-up.sh";
    if ("1".equals(System.getenv("TORC_TEST_SLURM"))
        || "true".equalsIgnoreCase(System.getenv("CI"))) {
      fail("TORC_TEST_SLURM=1 requires the Slurm tests to run, but " + why);
    }
    Assumptions.abort(why + "; set TORC_TEST_SLURM=1 to make this a failure");
  }

  private static boolean answers() {
    try {
      Process p = new ProcessBuilder("sinfo", "-h").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }
}
