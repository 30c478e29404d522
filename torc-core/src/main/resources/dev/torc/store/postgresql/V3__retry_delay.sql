-- torc store schema, version 3, for PostgreSQL: retries that may not start before a given time,
-- as ../sqlite/V3__retry_delay.sql.

-- Epoch milliseconds before which a ready job is not claimed (a failure policy's retry delay);
-- NULL for no delay. Set by a delayed retry, cleared by every later status change.
ALTER TABLE job ADD COLUMN not_before BIGINT;
