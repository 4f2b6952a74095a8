#!/bin/sh
# Every source or data file with a translatable string is in po/POTFILES.in,
# and every file listed there exists.
set -eu
top=$1
cd "$top"
status=0
listed=$(grep -v '^#' po/POTFILES.in | sed '/^$/d')
for f in $listed; do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist" >&2; status=1; }
done
for f in $(grep -rlE '(^|[^A-Za-z_])(_|N_|C_|NC_|g_dngettext|ngettext)\(' src --include='*.c' || true) \
         $(grep -rl 'translatable="yes"' data --include='*.ui' || true) \
         $(ls data/*.desktop.in data/*.metainfo.xml.in data/*.gschema.xml 2>/dev/null || true); do
  echo "$listed" | grep -qx "$f" || { echo "$f has translatable strings but is not in po/POTFILES.in" >&2; status=1; }
done
[ $status -eq 0 ] && echo "po/POTFILES.in lists every file with translatable strings"
exit $status
