/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* What the safety tests share: folders of generated files whose content
 * they know, running the programs, and checking an archive from outside,
 * with SQLite alone, the way a person's own tools would. */

typedef struct
{
  char *path;
  char *url;        /* its one article's address */
  char *sha256;
  int   comments;   /* the comments its article holds once it is in */
  int   before;     /* the comments the article held before it, 0 if new */
} ClpSafetyFile;

void       clp_safety_file_free        (ClpSafetyFile *file);

/* Writes @n Clippings JSON files of one article each, with @min to @max
 * comments, into @dir. Their addresses are under @tag, so folders made
 * with different tags never share an article. */
GPtrArray *clp_safety_make_folder      (const char  *dir,
                                        const char  *tag,
                                        guint        n,
                                        int          min,
                                        int          max,
                                        guint32      seed);
/* Newer saves of @originals' articles, each with @more new comments: an
 * import of them merges. */
GPtrArray *clp_safety_make_resaves     (const char  *dir,
                                        GPtrArray   *originals,
                                        int          more,
                                        guint32      seed);

/* Runs a program; stdout and stderr are returned when asked for. */
int        clp_safety_run              (char       **out,
                                        char       **err,
                                        const char  *first,
                                        ...) G_GNUC_NULL_TERMINATED;
int        clp_safety_runv             (char       **out,
                                        char       **err,
                                        const char * const *argv);
const char *clp_safety_cli             (void);
const char *clp_safety_gui             (void);

void       clp_safety_copy             (const char  *from,
                                        const char  *to);
char      *clp_safety_file_sha256      (const char  *path);
gboolean   clp_safety_exists           (const char  *path);

/* Moves the write-ahead log into the archive and removes it. */
void       clp_safety_checkpoint       (const char  *db);
/* Writes 4 KB of random bytes, in eight pieces, at random places outside
 * the schema's pages (4 KiB pages). */
void       clp_safety_damage           (const char  *db,
                                        guint32      seed);
/* Opens an archive read-only with SQLite alone. */
gpointer   clp_safety_open             (const char  *db);
gint64     clp_safety_query_int        (gpointer     db,
                                        const char  *sql,
                                        const char  *text);
char      *clp_safety_query_text       (gpointer     db,
                                        const char  *sql);

/* PRAGMA integrity_check and foreign_key_check pass, no import is left
 * half-recorded ("running") and no file is recorded twice. */
void       clp_safety_assert_sound     (const char  *db);
/* Each of @files is in the archive whole, with its import recorded once,
 * or not at all: then its article is as it was before it. Returns how many
 * are in. */
guint      clp_safety_assert_whole     (const char  *db,
                                        GPtrArray   *files);
/* `clippings-cli check` says the archive and its index are sound. */
void       clp_safety_assert_check     (const char  *db);

G_END_DECLS
