#!/bin/sh
# Files named on the command line are imported, by this instance or by the
# one already running. Usage: check-open-files.sh GUI CLI FIRST SECOND
set -eu
if [ "${1:-}" != "--in-session" ]; then
  # A private session bus: never hand test files to a Clippings the
  # person running the tests has open.
  exec dbus-run-session -- "$0" --in-session "$@"
fi
shift
gui=$1 cli=$2 first=$3 second=$4
dir=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT

# Waits up to 60 s for a title to be listed in the archive.
wait_for () {
  i=0
  until "$cli" --db "$dir/a.db" list 2>/dev/null | grep -q "$1"; do
    i=$((i + 1))
    [ $i -lt 600 ] || { echo "not imported: $1" >&2; cat "$dir/log" >&2; exit 1; }
    sleep 0.1
  done
}

"$gui" --db "$dir/a.db" "$first" > "$dir/log" 2>&1 &
pid=$!
wait_for "Harbour board delays vote"

# A second launch hands its file to the running window and returns.
"$gui" --db "$dir/a.db" "$second" >> "$dir/log" 2>&1
wait_for "Council approves bike lanes"
kill -0 "$pid" || { echo "the first window has gone" >&2; exit 1; }
echo "command-line files imported by the first and the running instance"
