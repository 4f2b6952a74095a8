/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-store"

#include "config.h"

#include "clp-store-private.h"

/* The archive's schema, as the numbered steps that made it: each archive
 * runs the ones above its user_version (clp_store_open_full(), under the
 * write lock). Part of ClpStore. */

/* Numbered migrations: migrations[i] takes an archive from version i to
 * i + 1, in one transaction. Never edit one that has shipped; add the next. */
const char * const clp_store_migrations[] = {
  /* 0 -> 1: the archive. */
  "CREATE TABLE sources ("
  "  id INTEGER PRIMARY KEY,"
  "  name TEXT NOT NULL UNIQUE"
  ");"
  "CREATE TABLE imports ("
  "  id INTEGER PRIMARY KEY,"
  "  file_name TEXT NOT NULL,"
  "  file_size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  importer TEXT NOT NULL,"
  "  imported_at TEXT NOT NULL,"
  "  outcome TEXT NOT NULL,"
  "  articles_new INTEGER NOT NULL DEFAULT 0,"
  "  articles_merged INTEGER NOT NULL DEFAULT 0,"
  "  comments_new INTEGER NOT NULL DEFAULT 0,"
  "  comments_duplicate INTEGER NOT NULL DEFAULT 0,"
  "  comments_missing INTEGER NOT NULL DEFAULT 0,"
  "  warnings TEXT"
  ");"
  "CREATE INDEX imports_sha256 ON imports (sha256);"
  "CREATE TABLE articles ("
  "  id INTEGER PRIMARY KEY,"
  "  import_id INTEGER NOT NULL REFERENCES imports (id),"
  "  source_id INTEGER REFERENCES sources (id),"
  "  title TEXT NOT NULL,"
  "  url TEXT,"
  "  section TEXT,"
  "  published TEXT,"
  "  print_date TEXT,"
  "  dateline TEXT,"
  "  caption TEXT,"
  "  body TEXT NOT NULL DEFAULT '',"
  "  body_html TEXT,"
  "  declared_comment_count INTEGER,"
  "  comment_count INTEGER NOT NULL DEFAULT 0,"
  "  hidden_comment_count INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE UNIQUE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;"
  "CREATE INDEX articles_identity ON articles (title, source_id, published);"
  "CREATE INDEX articles_published ON articles (published, id);"
  "CREATE INDEX articles_title ON articles (title COLLATE NOCASE, id);"
  "CREATE INDEX articles_source ON articles (source_id, id);"
  "CREATE INDEX articles_comment_count ON articles (comment_count, id);"
  "CREATE TABLE comments ("
  "  id INTEGER PRIMARY KEY,"
  "  article_id INTEGER NOT NULL REFERENCES articles (id),"
  "  parent_id INTEGER REFERENCES comments (id),"
  "  import_id INTEGER NOT NULL REFERENCES imports (id),"
  "  position INTEGER NOT NULL,"
  "  depth INTEGER NOT NULL DEFAULT 0,"
  "  reply_count INTEGER NOT NULL DEFAULT 0,"
  "  author TEXT NOT NULL,"
  "  posted_at TEXT,"
  "  posted_utc INTEGER,"
  "  text TEXT NOT NULL,"
  "  html TEXT,"
  "  status INTEGER NOT NULL DEFAULT 0,"
  "  fingerprint INTEGER NOT NULL"
  ");"
  "CREATE INDEX comments_article ON comments (article_id, fingerprint);"
  "CREATE INDEX comments_author ON comments (author COLLATE NOCASE);"
  "CREATE INDEX comments_posted ON comments (posted_at);"
  /* The full-text index reads the tables above and is kept in step with
   * them by triggers, so no code path can forget it. */
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, body, content='articles', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2'"
  ");"
  "CREATE VIRTUAL TABLE comments_fts USING fts5 ("
  "  author, text, content='comments', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
  "  INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);"
  "END;"
  "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, body)"
  "    VALUES ('delete', old.id, old.title, old.body);"
  "END;"
  "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, body)"
  "    VALUES ('delete', old.id, old.title, old.body);"
  "  INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);"
  "END;"
  "CREATE TRIGGER comments_fts_insert AFTER INSERT ON comments BEGIN"
  "  INSERT INTO comments_fts (rowid, author, text) VALUES (new.id, new.author, new.text);"
  "END;"
  "CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN"
  "  INSERT INTO comments_fts (comments_fts, rowid, author, text)"
  "    VALUES ('delete', old.id, old.author, old.text);"
  "END;"
  "CREATE TRIGGER comments_fts_update AFTER UPDATE OF author, text ON comments BEGIN"
  "  INSERT INTO comments_fts (comments_fts, rowid, author, text)"
  "    VALUES ('delete', old.id, old.author, old.text);"
  "  INSERT INTO comments_fts (rowid, author, text) VALUES (new.id, new.author, new.text);"
  "END;",

  /* 1 -> 2: search. Prefix indexes of the first 2 and 3 letters of each
   * word, so that "fe*" and "fer*" (what search-as-you-type asks for) read
   * one list instead of merging the lists of every word they start; the
   * triggers above keep working, as they name the tables. And indexes for
   * the rare comments that a structure filter (replies:>5, depth:>3)
   * looks for. */
  "DROP TABLE comments_fts;"
  "CREATE VIRTUAL TABLE comments_fts USING fts5 ("
  "  author, text, content='comments', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2', prefix='2 3'"
  ");"
  "INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');"
  "DROP TABLE articles_fts;"
  "CREATE VIRTUAL TABLE articles_fts USING fts5 ("
  "  title, body, content='articles', content_rowid='id',"
  "  tokenize='unicode61 remove_diacritics 2', prefix='2 3'"
  ");"
  "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');"
  "CREATE INDEX comments_replies ON comments (reply_count);"
  "CREATE INDEX comments_depth ON comments (depth);",

  /* 2 -> 3: new comments enter the full-text index once per import, in one
   * statement before its commit (index_new_comments() in
   * clp-store-sink.c, the one place that inserts comments). SQLite 3.40's
   * FTS5 writes out the terms it holds in memory at every statement
   * savepoint, so this trigger made one tiny index segment per comment,
   * merged again and again: 40% of an import's time. */
  "DROP TRIGGER comments_fts_insert;",

  /* 3 -> 4: opening a file imported before shows what it brought
   * (clp_store_list_import_articles()) without reading every article. */
  "CREATE INDEX articles_import ON articles (import_id);",

  /* 4 -> 5: the article list's section choices (clp_store_list_names())
   * read every article row, bodies and all, each time the filters open;
   * this index lists them, and serves a section filter in publication
   * order. */
  "CREATE INDEX articles_section ON articles (section, published, id);",

  /* 5 -> 6: times and orphans, as FORMATS.md "Times" has them.
   * - posted_offset: the site's own offset from UTC, in seconds, when the
   *   source gave its wall-clock time with the instant (WordPress); the
   *   site's clock is posted_utc + posted_offset. Archives before this
   *   kept the instant only.
   * - posted_at of a comment with an instant is that instant in the zone
   *   of the computer that wrote it, the time date filters narrow down by
   *   index before they compare the time shown; one that a file set far
   *   from its instant (or left out) is set so.
   * - comments_instant: a newer export's comment is found again by its
   *   instant, whatever zone either import ran in.
   * - holds_orphans: the one article per source that holds comments whose
   *   thread was not in the file. Each Disqus import used to add another
   *   one; those are merged into the first: a comment repeated there is
   *   dropped (its replies answer the first copy), the others move over
   *   after its comments, and depths and counts are made again. */
  "ALTER TABLE comments ADD COLUMN posted_offset INTEGER;"
  "UPDATE comments SET posted_at = strftime ('%Y-%m-%dT%H:%M:%S', posted_utc, 'unixepoch',"
  "                                          'localtime')"
  "  WHERE posted_utc IS NOT NULL AND (posted_at IS NULL OR"
  "    abs (julianday (posted_at) - julianday (posted_utc, 'unixepoch')) > 1);"
  "CREATE INDEX comments_instant ON comments (article_id, posted_utc)"
  "  WHERE posted_utc IS NOT NULL;"
  "ALTER TABLE articles ADD COLUMN holds_orphans INTEGER NOT NULL DEFAULT 0;"
  "CREATE INDEX articles_orphans ON articles (source_id) WHERE holds_orphans;"
  "UPDATE articles SET holds_orphans = 1"
  "  WHERE title = 'Comments without a thread' AND url IS NULL AND source_id IS NULL"
  "    AND published IS NULL AND body = ''"
  "    AND import_id IN (SELECT id FROM imports WHERE importer = 'disqus');"
  "CREATE TEMP TABLE migrate_keeper AS"
  "  SELECT min (id) AS id FROM articles WHERE holds_orphans;"
  "CREATE TEMP TABLE migrate_moved (id INTEGER PRIMARY KEY, same INTEGER);"
  "INSERT INTO migrate_moved (id, same)"
  "  SELECT c.id, (SELECT k.id FROM comments k"
  "                 WHERE k.article_id = (SELECT id FROM migrate_keeper) AND k.text = c.text"
  "                   AND (k.posted_utc = c.posted_utc OR (k.posted_utc IS NULL AND"
  "                        c.posted_utc IS NULL AND k.posted_at IS c.posted_at))"
  "                   AND (k.fingerprint = c.fingerprint OR k.author = c.author COLLATE NOCASE)"
  "                 ORDER BY k.id LIMIT 1)"
  "    FROM comments c JOIN articles a ON a.id = c.article_id"
  "   WHERE a.holds_orphans AND a.id != (SELECT id FROM migrate_keeper);"
  "UPDATE comments"
  "  SET parent_id = (SELECT same FROM migrate_moved m WHERE m.id = comments.parent_id)"
  "  WHERE parent_id IN (SELECT id FROM migrate_moved WHERE same IS NOT NULL);"
  "DELETE FROM comments WHERE id IN (SELECT id FROM migrate_moved WHERE same IS NOT NULL);"
  "UPDATE comments SET article_id = (SELECT id FROM migrate_keeper),"
  "    position = (SELECT coalesce (max (position), -1) FROM comments"
  "                 WHERE article_id = (SELECT id FROM migrate_keeper)) + m.n"
  "  FROM (SELECT id, row_number () OVER (ORDER BY article_id, position, id) AS n"
  "          FROM comments WHERE id IN (SELECT id FROM migrate_moved WHERE same IS NULL)) AS m"
  "  WHERE comments.id = m.id;"
  "DELETE FROM articles WHERE holds_orphans AND id != (SELECT id FROM migrate_keeper);"
  "WITH RECURSIVE tree (id, depth) AS ("
  "    SELECT id, 0 FROM comments"
  "     WHERE article_id = (SELECT id FROM migrate_keeper) AND parent_id IS NULL"
  "    UNION ALL"
  "    SELECT c.id, tree.depth + 1 FROM comments c JOIN tree ON c.parent_id = tree.id)"
  "  UPDATE comments SET depth = (SELECT depth FROM tree WHERE tree.id = comments.id)"
  "   WHERE id IN (SELECT id FROM tree);"
  "UPDATE comments SET reply_count = (SELECT count (*) FROM comments r"
  "                                    WHERE r.parent_id = comments.id)"
  "  WHERE article_id = (SELECT id FROM migrate_keeper);"
  "UPDATE articles SET"
  "    comment_count = (SELECT count (*) FROM comments"
  "                      WHERE article_id = articles.id AND status = 0),"
  "    hidden_comment_count = (SELECT count (*) FROM comments"
  "                             WHERE article_id = articles.id AND status != 0)"
  "  WHERE id = (SELECT id FROM migrate_keeper);"
  "DROP TABLE migrate_keeper;"
  "DROP TABLE migrate_moved;",

  /* 6 -> 7: the indexes on reply counts and depths list only the rare
   * comments a structure filter looks them up for: two replies or more,
   * two levels deep or more (CLP_STORE_STRUCTURE_INDEX_FLOOR in
   * clp-store-compiler.h). Indexing every comment's 0 or 1 made each new
   * comment, and each recount of a thread, write to both, for searches
   * that walk the time index anyway, as most comments pass them.
   * Written to run after any other migration: it names only what it
   * makes. */
  "DROP INDEX IF EXISTS comments_replies;"
  "DROP INDEX IF EXISTS comments_depth;"
  "CREATE INDEX comments_replies ON comments (reply_count) WHERE reply_count >= 2;"
  "CREATE INDEX comments_depth ON comments (depth) WHERE depth >= 2;"
  /* New articles, like new comments (migration 3), enter the full-text
   * index once per batch of imported files, at its commit
   * (clp-store-batch.c). The trigger indexed each article on its own, and
   * FTS5 wrote a segment for it and merged it again: a fifth of an
   * import's work. The triggers that take rows out of the index now do so
   * only for rows in it: a batch's rows are not until its commit, which
   * indexes them as they are then. */
  "DROP TRIGGER IF EXISTS articles_fts_insert;"
  "DROP TRIGGER IF EXISTS articles_fts_delete;"
  "DROP TRIGGER IF EXISTS articles_fts_update;"
  "DROP TRIGGER IF EXISTS comments_fts_delete;"
  "DROP TRIGGER IF EXISTS comments_fts_update;"
  "CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles"
  "  WHEN EXISTS (SELECT 1 FROM articles_fts_docsize WHERE id = old.id) BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, body)"
  "    VALUES ('delete', old.id, old.title, old.body);"
  "END;"
  "CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles"
  "  WHEN EXISTS (SELECT 1 FROM articles_fts_docsize WHERE id = old.id) BEGIN"
  "  INSERT INTO articles_fts (articles_fts, rowid, title, body)"
  "    VALUES ('delete', old.id, old.title, old.body);"
  "  INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);"
  "END;"
  "CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments"
  "  WHEN EXISTS (SELECT 1 FROM comments_fts_docsize WHERE id = old.id) BEGIN"
  "  INSERT INTO comments_fts (comments_fts, rowid, author, text)"
  "    VALUES ('delete', old.id, old.author, old.text);"
  "END;"
  "CREATE TRIGGER comments_fts_update AFTER UPDATE OF author, text ON comments"
  "  WHEN EXISTS (SELECT 1 FROM comments_fts_docsize WHERE id = old.id) BEGIN"
  "  INSERT INTO comments_fts (comments_fts, rowid, author, text)"
  "    VALUES ('delete', old.id, old.author, old.text);"
  "  INSERT INTO comments_fts (rowid, author, text) VALUES (new.id, new.author, new.text);"
  "END;"
  /* A large import drops the indexes only searches and lists read, and
   * makes them again at its end, sorted, once (clp-store-batch.c): kept
   * up row by row, they made each commit rewrite thousands of scattered
   * pages. Each row is such an index, its SQL, and the import (process)
   * that dropped it; an import whose process is gone left them, and the
   * next import makes them again. */
  "CREATE TABLE IF NOT EXISTS deferred_indexes ("
  "  name TEXT PRIMARY KEY,"
  "  sql TEXT NOT NULL,"
  "  owner TEXT NOT NULL"
  ");",

  /* 7 -> 8: the byline of a page saved from a browser (FORMATS.md §5),
   * which went into the body's first paragraph before. */
  "ALTER TABLE articles ADD COLUMN byline TEXT;",
};

G_STATIC_ASSERT (G_N_ELEMENTS (clp_store_migrations) == CLP_STORE_SCHEMA_VERSION);
