#!/bin/sh
# PDF export through clippings-cli: pages with numbers, a clear refusal
# without a display, nothing left behind. Usage: check-pdf-export.sh CLI FIXTURE...
set -eu
cli=$1; shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
"$cli" --db "$dir/a.db" import "$@" > /dev/null

# Without a display: exit 1 and one line that says why.
if env -u DISPLAY -u WAYLAND_DISPLAY "$cli" --db "$dir/a.db" export --format pdf -o "$dir/x.pdf" 2> "$dir/err"; then
  echo "PDF export without a display should fail" >&2; exit 1
fi
grep -q "needs a graphical session" "$dir/err" || { cat "$dir/err" >&2; exit 1; }
[ ! -e "$dir/x.pdf" ] || { echo "a PDF was written without a display" >&2; exit 1; }

"$cli" --db "$dir/a.db" export --format pdf -o "$dir/out.pdf"
pages=$(pdfinfo "$dir/out.pdf" | sed -n 's/^Pages: *//p')
[ "$pages" -ge 2 ] || { echo "expected at least 2 pages, got $pages" >&2; exit 1; }
pdftotext "$dir/out.pdf" "$dir/out.txt"
grep -q "Harbour board delays vote" "$dir/out.txt" || { echo "the article text is missing" >&2; exit 1; }
grep -q "<b>Bold</b> claims" "$dir/out.txt" || { echo "the comment text is missing" >&2; exit 1; }
grep -Eq "^1 ?/ ?$pages$" "$dir/out.txt" || { echo "no page number 1 / $pages" >&2; exit 1; }
grep -Eq "^$pages ?/ ?$pages$" "$dir/out.txt" || { echo "no page number $pages / $pages" >&2; exit 1; }
# Only the PDF and the archive are left.
left=$(ls -A "$dir" | grep -v -e '^a.db' -e '^out.pdf$' -e '^out.txt$' -e '^err$' || true)
[ -z "$left" ] || { echo "left behind: $left" >&2; exit 1; }
echo "PDF export: $pages pages, numbered"
