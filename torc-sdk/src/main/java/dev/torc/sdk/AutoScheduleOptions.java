package dev.torc.sdk;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code torc watch --auto-schedule} submits Slurm allocations (see {@link
 * dev.torc.recovery.workflow.AutoSchedule} for when).
 *
 * @param threshold retried jobs to exceed before adding allocations beside live ones
 * @param cooldown least time between submissions beside live allocations
 * @param strandedTimeout how long retried jobs may wait below the threshold; zero disables
 * @param databaseLocation the store the allocations' workers open
 * @param outputDirectory where the allocations' logs go
 */
public record AutoScheduleOptions(
    int threshold,
    Duration cooldown,
    Duration strandedTimeout,
    String databaseLocation,
    Path outputDirectory) {

  /**
   * Checks the values.
   *
   * @param threshold retried jobs to exceed before adding allocations beside live ones
   * @param cooldown least time between submissions beside live allocations
   * @param strandedTimeout how long retried jobs may wait below the threshold; zero disables
   * @param databaseLocation the store the allocations' workers open
   * @param outputDirectory where the allocations' logs go
   */
  public AutoScheduleOptions {
    if (threshold < 0) {
      throw new InvalidRequestException("the auto-schedule threshold cannot be negative");
    }
    if (cooldown.isNegative() || strandedTimeout.isNegative()) {
      throw new InvalidRequestException(
          "the auto-schedule cooldown and stranded timeout cannot be negative");
    }
    Objects.requireNonNull(databaseLocation, "databaseLocation");
    Objects.requireNonNull(outputDirectory, "outputDirectory");
  }
}
