#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make fuzz`: runs each fuzz target of a -Dfuzzing=true build for a given
# time, one after the other, and prints what each did. The targets are the
# ones tests/fuzz/meson.build lists; name some to run only those.
#
#   run-fuzz.sh BUILD-DIR SECONDS [NAME…]
#
# Inputs libFuzzer finds that reach new code go to BUILD-DIR/fuzz-corpus/NAME
# (not source); the seeds are read from tests/fuzz/corpus/NAME. An input
# that crashes, leaks, hangs or runs out of memory is written there as
# crash-*, leak-*, timeout-* or oom-*, where `make check` replays it from
# then on: fix the defect and commit the file with the fix.
set -u

build=$1
seconds=$2
shift 2
top=$(cd "$(dirname "$0")/../.." && pwd)
logs=$build/fuzz-logs
mkdir -p "$logs"

if [ $# -gt 0 ]; then
  names="$*"
else
  names=$(meson introspect --targets "$build" | python3 -c '
import json, sys
names = sorted(t["name"][len("fuzz-"):] for t in json.load(sys.stdin)
               if t["type"] == "executable" and t["name"].startswith("fuzz-"))
print(" ".join(names))')
fi

export CLIPPINGS_TEST_DATA="$top/tests/data"
export LC_ALL=C.UTF-8 TZ=UTC G_DEBUG=fatal-criticals
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0"

status=0
summary=""
for name in $names; do
  seeds=$top/tests/fuzz/corpus/$name
  work=$build/fuzz-corpus/$name
  mkdir -p "$seeds" "$work"
  # The test fixtures it starts from too (tests/fuzz/seeds/NAME).
  if [ -f "$top/tests/fuzz/seeds/$name" ]; then
    while read -r seed; do
      cp "$top/tests/data/$seed" "$work/"
    done < "$top/tests/fuzz/seeds/$name"
  fi
  before=$(ls "$seeds" | grep -caE '^(crash|leak|timeout|oom)-')
  echo "== fuzz-$name for $seconds s (log: $logs/$name.log)"
  # In a child process (-fork=1), so that a crash is saved and the run
  # goes on for its whole time.
  "$build/tests/fuzz/fuzz-$name" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 -max_len=65536 \
    -artifact_prefix="$seeds/" "$work" "$seeds" > "$logs/$name.log" 2>&1
  rc=$?
  after=$(ls "$seeds" | grep -cE '^(crash|leak|timeout|oom)-')
  # The last status line: "#RUNS: cov: N ft: N corp: N exec/s N oom/timeout/crash: a/b/c …".
  last=$(grep -aE '^#[0-9]+: cov:' "$logs/$name.log" | tail -n 1)
  runs=$(echo "$last" | sed -E 's/^#([0-9]+):.*/\1/')
  line="fuzz-$name: ${seconds} s, ${runs:-?} runs, $(echo "$last" | grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+'), $(echo "$last" | grep -oE 'oom/timeout/crash: [0-9/]+'), $((after - before)) new files"
  echo "$line"
  summary="$summary$line
"
  if [ "$rc" -ne 0 ] || [ "$after" -ne "$before" ]; then
    status=1
    tail -n 30 "$logs/$name.log"
  fi
done
printf '\n%s' "$summary"
exit $status
