#!/usr/bin/env bash
# Runs every fuzz target for SECONDS (default 240) one after the other,
# then minimises each corpus in place. Logs go to fuzz/logs/. See FUZZING.md.
set -uo pipefail
cd "$(dirname "$0")"
secs=${1:-240}
mkdir -p logs
for t in ${TARGETS:-segment quote jsonl manifest pipeline}; do
  echo "== $t ($secs s)"
  cargo +nightly fuzz run "$t" -- -max_total_time="$secs" -print_final_stats=1 \
    -max_len=4096 >"logs/$t.log" 2>&1
  echo "exit $? ; $(grep -E '^#[0-9]+.*(DONE|pulse|NEW|REDUCE)' "logs/$t.log" | tail -1)"
done
