-- torc store schema, version 3: retries that may not start before a given time.
-- Applied on top of version 2; databases written by earlier versions keep their data.

-- Epoch milliseconds before which a ready job is not claimed (a failure policy's retry delay);
-- NULL for no delay. Set by a delayed retry, cleared by every later status change.
ALTER TABLE job ADD COLUMN not_before INTEGER;
