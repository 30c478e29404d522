/**
 * What a job's results say about it: {@link dev.torc.diagnosis.ResourceDiagnosis} compares what an
 * attempt used with what the job requested and tells whether it likely ran out of memory or time,
 * {@link dev.torc.diagnosis.Results} picks the results a report looks at, and {@link
 * dev.torc.diagnosis.JobLogs} names and reads the log files each attempt leaves behind.
 *
 * <p>Everything here is a pure function of stored records and files; nothing changes a store. The
 * reports of the CLI, {@code torc recover} and {@code torc watch} share these rules.
 */
package dev.torc.diagnosis;
