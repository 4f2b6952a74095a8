#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# `make valgrind`: clippings-cli under valgrind --leak-check=full, importing
# a file of each format Clippings reads (and the hostile corpus's small
# files) and exporting the archive in each format it writes but PDF (which
# needs a display and WebKit's processes). Each run must end with 0 bytes
# definitely lost and no memory error.
#
#   run-valgrind.sh BUILD-DIR
set -u

build=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
cli=$build/src/cli/clippings-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
db=$work/archive.db
logs=$build/valgrind-logs
mkdir -p "$logs"
rm -f "$logs"/*.log

export LC_ALL=C.UTF-8 TZ=UTC G_SLICE=always-malloc G_DEBUG=gc-friendly
suppressions=""
[ -f /usr/share/glib-2.0/valgrind/glib.supp ] &&
  suppressions="--suppressions=/usr/share/glib-2.0/valgrind/glib.supp"

failed=0
runs=0
check () {
  name=$1
  shift
  runs=$((runs + 1))
  valgrind --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite \
    --error-exitcode=99 --num-callers=30 $suppressions --log-file="$logs/$name.log" \
    "$cli" --db "$db" "$@" > "$work/out" 2>&1
  rc=$?
  lost=$(grep -E 'definitely lost:' "$logs/$name.log" | sed -E 's/.*definitely lost: ([0-9,]+) bytes.*/\1/')
  errors=$(grep -E 'ERROR SUMMARY:' "$logs/$name.log" | sed -E 's/.*ERROR SUMMARY: ([0-9,]+) errors.*/\1/')
  # No leak at all is reported as "All heap blocks were freed".
  lost=${lost:-0}
  if [ "$rc" -eq 99 ] || [ "$lost" != 0 ] || [ "${errors:-0}" != 0 ]; then
    echo "FAIL $name: $lost bytes definitely lost, ${errors:-?} errors (log: $logs/$name.log)"
    failed=$((failed + 1))
  else
    echo "ok   $name: 0 bytes definitely lost, 0 errors"
  fi
}

# Imports: one file of each format, then the hostile corpus.
for file in ferry.txt disqus-harbour.xml wordpress-1.2.xml clippings.json; do
  check "import-$file" import "$top/tests/data/$file"
done
for file in "$top"/tests/data/hostile/*; do
  sed 's#@ORIGIN@#http://127.0.0.1:9#g' "$file" > "$work/$(basename "$file")"
  check "import-$(basename "$file")" import "$work/$(basename "$file")"
done

# Exports, and the commands that read the archive.
for format in html md json csv; do
  check "export-$format" export --format "$format" --hidden -o "$work/export.$format"
done
mkdir "$work/text"
check "export-txt" export --format txt --split -o "$work/text"
check "list" list
check "search" search ferry
check "show" show 1
check "check" check

echo "$runs runs under valgrind, $failed with leaks or errors"
[ "$failed" -eq 0 ]
