package dev.torc.executor;

import dev.torc.exec.UsageSummary;
import java.time.Duration;

/**
 * How an attempt ended.
 *
 * @param returnCode the code to record (152 for a timeout, 137 for a memory kill)
 * @param timedOut whether it was stopped at its runtime limit
 * @param wallTime how long it ran
 * @param usage what it used, or {@code null} when not sampled
 * @param note why torc ended it, for the log and events, or {@code null}
 */
public record AttemptEnd(
    int returnCode, boolean timedOut, Duration wallTime, UsageSummary usage, String note) {}
