#!/bin/bash
# recovery_demo.sh - run by a failure handler before a job is retried.
# torc gives it the job's TORC_* variables and TORC_RETURN_CODE, the exit code of the failed
# attempt; TORC_ATTEMPT_ID is the attempt that failed. Exit 0 to let the retry go ahead.

echo "=== Recovery Script ==="
echo "Job: $TORC_JOB_NAME (attempt $TORC_ATTEMPT_ID)"
echo "Failed with exit code: $TORC_RETURN_CODE"

LOG_FILE="$TORC_OUTPUT_DIR/recovery.log"
mkdir -p "$TORC_OUTPUT_DIR"
echo "$(date): Recovery for $TORC_JOB_NAME (exit $TORC_RETURN_CODE)" >> "$LOG_FILE"

case $TORC_RETURN_CODE in
    10)
        echo "Handling convergence error - adjusting parameters"
        ;;
    11)
        echo "Handling resource error - cleaning up"
        ;;
    12)
        echo "Handling transient error - no action needed"
        ;;
esac
exit 0  # Zero = proceed with retry
