#!/bin/sh
# The core is GLib-only: the CLI and the tests must build it without GTK.
set -eu
found=$(grep -rlE '#include +[<"](gtk|gdk|adwaita|webkit)' "$1" || true)
if [ -n "$found" ]; then
  echo "GTK, libadwaita or WebKit included in src/core: $found" >&2
  exit 1
fi
echo "src/core includes no GTK, libadwaita or WebKit header"
