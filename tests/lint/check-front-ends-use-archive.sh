#!/bin/sh
# The window and the command line reach the archive through ClpArchive
# alone: no connection, SQL or import of their own, and no thread of
# their own (the archive runs every request on its workers). The PDF
# printer's page numbering is the one thread in src/ui: it works on a
# printed file, never on the archive.
set -eu
top=$1
cd "$top"
status=0

found=$(grep -rnE '\bClpStore\b|clp_store_[a-z_]+ \(|sqlite3|clp_import_file|#include "clp-(store|import)\.h"' \
          src/ui src/cli | grep -v 'clp_store_stats_clear' || true)
if [ -n "$found" ]; then
  echo "src/ui or src/cli reaches the store directly; go through ClpArchive:" >&2
  echo "$found" >&2
  status=1
fi

found=$(grep -rnE 'g_task_run_in_thread|g_thread_new|g_thread_try_new|g_thread_pool_new|pthread_create' \
          src/ui src/cli | grep -v '^src/ui/clp-pdf-printer.c:' || true)
if [ -n "$found" ]; then
  echo "src/ui or src/cli runs a thread of its own; ask ClpArchive (its _async calls and jobs):" >&2
  echo "$found" >&2
  status=1
fi

[ $status -eq 0 ] && echo "the window and the CLI go through ClpArchive alone"
exit $status
