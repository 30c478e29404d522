-- torc store schema, version 5, for PostgreSQL, as ../sqlite/V5__attempt_refs.sql: attempts are
-- recorded by an executor-neutral reference (dev.torc.store.AttemptRef: executor, host, external
-- id, start) instead of host and pid.
-- Applied on top of version 4; databases written by earlier versions keep their data.

-- The host of a pending or running job's attempt keeps its column under the new name.
ALTER TABLE job RENAME COLUMN process_host TO attempt_host;
ALTER TABLE job ADD COLUMN attempt_executor TEXT;
ALTER TABLE job ADD COLUMN attempt_external_id TEXT;
ALTER TABLE job ADD COLUMN attempt_started_at TEXT;           -- ISO-8601 instant, exact

-- Every attempt recorded by an earlier version ran on the local executor. A process id was
-- recorded only for a recovery script's process group (0 for an attempt, found by its mark).
UPDATE job SET attempt_executor = 'local',
               attempt_external_id = CASE WHEN process_pid > 0 THEN CAST(process_pid AS TEXT) END,
               attempt_started_at = process_start
         WHERE attempt_host IS NOT NULL;

ALTER TABLE job DROP COLUMN process_pid;
ALTER TABLE job DROP COLUMN process_start;
