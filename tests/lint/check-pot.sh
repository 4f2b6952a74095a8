#!/bin/sh
# The translation template builds from po/POTFILES.in, without a warning
# (a broken format string in a translatable message is one).
set -eu
top=$1
out=$(mktemp)
trap 'rm -f "$out" "$out.err"' EXIT
cd "$top"
xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 --keyword=ngettext:1,2 \
  --files-from=po/POTFILES.in --output="$out" 2> "$out.err" || { cat "$out.err" >&2; exit 1; }
if grep -q warning "$out.err"; then cat "$out.err" >&2; exit 1; fi
n=$(grep -c '^msgid ' "$out")
echo "po/clippings.pot: $n messages"
