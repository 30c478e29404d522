-- torc store schema, version 4: a workflow's recovery configuration.
-- Applied on top of version 3; databases written by earlier versions keep their data.

-- The spec's classification_rules and recovery_policy as JSON (RecoveryConfig.toPlain());
-- NULL when the workflow has neither, as every workflow written by an earlier version.
ALTER TABLE workflow ADD COLUMN recovery_config TEXT;

-- A job's fallback commands as a JSON list (NULL for none), and the command its next attempt runs
-- instead of its own when a retry chose a fallback (NULL for its own); resets clear it.
ALTER TABLE job ADD COLUMN fallback_commands TEXT;
ALTER TABLE job ADD COLUMN command_override TEXT;
