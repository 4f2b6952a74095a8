#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Every fuzz target, tests/fuzz/fuzz-NAME.c, is in the list in
# tests/fuzz/meson.build, so that it replays its corpus in `make check` and
# `make fuzz` runs it; and every one listed has seeds: a corpus folder or
# a list of test fixtures in tests/fuzz/seeds/NAME.
set -eu
dir=$1/tests/fuzz
status=0
for file in "$dir"/fuzz-*.c; do
  name=$(basename "$file" .c)
  name=${name#fuzz-}
  [ "$name" = driver ] && continue
  if ! grep -qE "^ *'$name',\$" "$dir/meson.build"; then
    echo "tests/fuzz/fuzz-$name.c is not in fuzz_targets in tests/fuzz/meson.build" >&2
    status=1
  fi
  if [ ! -d "$dir/corpus/$name" ] && [ ! -s "$dir/seeds/$name" ]; then
    echo "fuzz-$name has no seeds: add some to tests/fuzz/corpus/$name/ or tests/fuzz/seeds/$name" >&2
    status=1
  fi
done
exit $status
