package dev.torc.run.internal;

import dev.torc.store.RunnerRecord;

/** Tells a runner that still runs from one that died without unregistering. */
public final class RunnerLiveness {
  private RunnerLiveness() {}

  /**
   * Whether the runner still runs: by its process when it is on {@code host}, by its heartbeat when
   * it is elsewhere.
   */
  public static boolean isAlive(RunnerRecord runner, String host) {
    return Orphans.isAlive(runner, host);
  }
}
