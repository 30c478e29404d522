#!/bin/bash
# failure_demo_job.sh - a job that fails at random with the exit codes of the failure-handler
# tutorial: 10 (convergence error), 11 (resource error), 12 (transient error) or 1 (unrecoverable).
#
# Usage: failure_demo_job.sh [--fail-rate RATE] [--seed SEED]
#   --fail-rate RATE  probability of failing, 0 to 1 (default 0.5)
#   --seed SEED       makes the outcome reproducible: it depends only on SEED, TORC_JOB_NAME and
#                     TORC_ATTEMPT_ID (default: a new random outcome on every run)
set -u

fail_rate=0.5
seed=""
while [ $# -gt 0 ]; do
    case "$1" in
        --fail-rate) fail_rate="$2"; shift 2 ;;
        --seed) seed="$2"; shift 2 ;;
        *) echo "unknown argument: $1" >&2; exit 2 ;;
    esac
done

job="${TORC_JOB_NAME:-demo}"
attempt="${TORC_ATTEMPT_ID:-1}"
if [ -n "$seed" ]; then
    hash=$(printf '%s:%s:%s' "$seed" "$job" "$attempt" | cksum | cut -d' ' -f1)
else
    hash=$(( (RANDOM << 15) | RANDOM ))
fi
threshold=$(awk -v r="$fail_rate" 'BEGIN { printf "%d", r * 10000 }')
draw=$(( hash % 10000 ))

echo "job $job attempt $attempt: fail rate $fail_rate, draw $draw of 10000"
if [ "$draw" -lt "$threshold" ]; then
    codes=(10 11 12 1)
    code=${codes[$(( (hash / 10000) % 4 ))]}
    case "$code" in
        10) echo "ERROR: simulation did not converge" >&2 ;;
        11) echo "ERROR: out of scratch space" >&2 ;;
        12) echo "ERROR: license server busy" >&2 ;;
        1) echo "ERROR: invalid input (unrecoverable)" >&2 ;;
    esac
    exit "$code"
fi
echo "job $job attempt $attempt: success"
exit 0
