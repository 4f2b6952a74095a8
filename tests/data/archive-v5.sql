-- A Clippings archive at schema version 5, as Clippings wrote it before
-- migration 6: two Disqus exports of the same forum imported one after the
-- other (each left its own "Comments without a thread" article), a WordPress
-- export and a saved page, all imported with TZ=Europe/Berlin, so comments
-- with an instant hold it in posted_utc and Berlin's wall clock in posted_at.
-- tests/unit/test-store.c opens it to test the migration.
CREATE TABLE sources (  id INTEGER PRIMARY KEY,  name TEXT NOT NULL UNIQUE);
CREATE TABLE imports (  id INTEGER PRIMARY KEY,  file_name TEXT NOT NULL,  file_size INTEGER NOT NULL,  sha256 TEXT NOT NULL,  importer TEXT NOT NULL,  imported_at TEXT NOT NULL,  outcome TEXT NOT NULL,  articles_new INTEGER NOT NULL DEFAULT 0,  articles_merged INTEGER NOT NULL DEFAULT 0,  comments_new INTEGER NOT NULL DEFAULT 0,  comments_duplicate INTEGER NOT NULL DEFAULT 0,  comments_missing INTEGER NOT NULL DEFAULT 0,  warnings TEXT);
CREATE INDEX imports_sha256 ON imports (sha256);
CREATE TABLE articles (  id INTEGER PRIMARY KEY,  import_id INTEGER NOT NULL REFERENCES imports (id),  source_id INTEGER REFERENCES sources (id),  title TEXT NOT NULL,  url TEXT,  section TEXT,  published TEXT,  print_date TEXT,  dateline TEXT,  caption TEXT,  body TEXT NOT NULL DEFAULT '',  body_html TEXT,  declared_comment_count INTEGER,  comment_count INTEGER NOT NULL DEFAULT 0,  hidden_comment_count INTEGER NOT NULL DEFAULT 0);
CREATE UNIQUE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
CREATE INDEX articles_identity ON articles (title, source_id, published);
CREATE INDEX articles_published ON articles (published, id);
CREATE INDEX articles_title ON articles (title COLLATE NOCASE, id);
CREATE INDEX articles_source ON articles (source_id, id);
CREATE INDEX articles_comment_count ON articles (comment_count, id);
CREATE TABLE comments (  id INTEGER PRIMARY KEY,  article_id INTEGER NOT NULL REFERENCES articles (id),  parent_id INTEGER REFERENCES comments (id),  import_id INTEGER NOT NULL REFERENCES imports (id),  position INTEGER NOT NULL,  depth INTEGER NOT NULL DEFAULT 0,  reply_count INTEGER NOT NULL DEFAULT 0,  author TEXT NOT NULL,  posted_at TEXT,  posted_utc INTEGER,  text TEXT NOT NULL,  html TEXT,  status INTEGER NOT NULL DEFAULT 0,  fingerprint INTEGER NOT NULL);
CREATE INDEX comments_article ON comments (article_id, fingerprint);
CREATE INDEX comments_author ON comments (author COLLATE NOCASE);
CREATE INDEX comments_posted ON comments (posted_at);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN  INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN  INSERT INTO articles_fts (articles_fts, rowid, title, body)    VALUES ('delete', old.id, old.title, old.body);END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, body ON articles BEGIN  INSERT INTO articles_fts (articles_fts, rowid, title, body)    VALUES ('delete', old.id, old.title, old.body);  INSERT INTO articles_fts (rowid, title, body) VALUES (new.id, new.title, new.body);END;
CREATE TRIGGER comments_fts_delete AFTER DELETE ON comments BEGIN  INSERT INTO comments_fts (comments_fts, rowid, author, text)    VALUES ('delete', old.id, old.author, old.text);END;
CREATE TRIGGER comments_fts_update AFTER UPDATE OF author, text ON comments BEGIN  INSERT INTO comments_fts (comments_fts, rowid, author, text)    VALUES ('delete', old.id, old.author, old.text);  INSERT INTO comments_fts (rowid, author, text) VALUES (new.id, new.author, new.text);END;
CREATE VIRTUAL TABLE comments_fts USING fts5 (  author, text, content='comments', content_rowid='id',  tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE VIRTUAL TABLE articles_fts USING fts5 (  title, body, content='articles', content_rowid='id',  tokenize='unicode61 remove_diacritics 2', prefix='2 3');
CREATE INDEX comments_replies ON comments (reply_count);
CREATE INDEX comments_depth ON comments (depth);
CREATE INDEX articles_import ON articles (import_id);
CREATE INDEX articles_section ON articles (section, published, id);
INSERT INTO sources (id, name) VALUES (1, 'The Quay Street Gazette');
INSERT INTO sources (id, name) VALUES (2, 'The Coastal Ledger');
INSERT INTO imports (id, file_name, file_size, sha256, importer, imported_at, outcome, articles_new, articles_merged, comments_new, comments_duplicate, comments_missing, warnings) VALUES (1, 'disqus-harbour.xml', 4521, '99f6f73c9b6196bb497510d5c55a9d30203a433e89a3218f869ce359f339b826', 'disqus', '2026-12-04T05:52:45Z', 'imported', 3, 0, 7, 0, 0, NULL);
INSERT INTO imports (id, file_name, file_size, sha256, importer, imported_at, outcome, articles_new, articles_merged, comments_new, comments_duplicate, comments_missing, warnings) VALUES (2, 'disqus-harbour-orphans.xml', 6041, 'a85cbbbde8c62f3472cee521f3b29a222cf8293149a1ab7faa700b126b7e1488', 'disqus', '2026-12-04T05:52:45Z', 'imported', 1, 2, 5, 6, 0, NULL);
INSERT INTO imports (id, file_name, file_size, sha256, importer, imported_at, outcome, articles_new, articles_merged, comments_new, comments_duplicate, comments_missing, warnings) VALUES (3, 'wordpress-1.2.xml', 10630, 'a89ab9c9f371d6cc680e1521ae42d5493a610d39374717b024026270a9666a00', 'wordpress', '2026-12-04T05:52:45Z', 'imported with warnings', 3, 0, 8, 0, 0, '1 comment was still awaiting moderation; it is kept hidden, like deleted comments');
INSERT INTO imports (id, file_name, file_size, sha256, importer, imported_at, outcome, articles_new, articles_merged, comments_new, comments_duplicate, comments_missing, warnings) VALUES (4, 'ferry.txt', 1543, 'b134dda1615f3a2eda05b4a57ef821487d95299d5337c04204de01d6a6bc7e12', 'text', '2026-12-04T05:52:45Z', 'imported', 1, 0, 6, 0, 0, NULL);
INSERT INTO articles (id, import_id, source_id, title, url, section, published, print_date, dateline, caption, body, body_html, declared_comment_count, comment_count, hidden_comment_count) VALUES (1, 1, NULL, 'Harbour board delays vote on night ferry timetable', 'https://ledger.example/2019/03/ferry-timetable', NULL, '2019-03-13', NULL, NULL, NULL, '', NULL, NULL, 4, 2);
INSERT INTO articles (id, import_id, source_id, title, url, section, published, print_date, dateline, caption, body, body_html, declared_comment_count, comment_count, hidden_comment_count) VALUES (2, 1, NULL, 'Council backs painted bike lanes on Quay Street', 'https://ledger.example/2019/04/bike-lanes', NULL, '2019-04-02', NULL, NULL, NULL, '', NULL, NULL, 2, 0);
INSERT INTO articles (id, import_id, source_id, title, url, section, published, print_date, dateline, caption, body, body_html, declared_comment_count, comment_count, hidden_comment_count) VALUES (3, 1, NULL, 'Comments without a thread', NULL, NULL, NULL, NULL, NULL, NULL, '', NULL, NULL, 1, 0);
INSERT INTO articles (id, import_id, source_id, title, url, section, published, print_date, dateline, caption, body, body_html, declared_comment_count, comment_count, hidden_comment_count) VALUES (4, 2, NULL, 'Comments without a thread', NULL, NULL, NULL, NULL, NULL, NULL, '', NULL, NULL, 3, 0);
INSERT INTO articles (id, import_id, source_id, title, url, section, published, print_date, dateline, caption, body, body_html, declared_comment_count, comment_count, hidden_comment_count) VALUES (5, 3, 1, 'Night ferry keeps its 12:15 sailing', 'https://gazette.example/2019/03/night-ferry/', 'Harbour', '2019-03-15', NULL, NULL, NULL, 'The harbour board voted to keep the late boat.

Commuters cheered at the pier.
Some stayed for coffee.

Read the decision or the minutes (https://harbour.example/minutes.pdf).', '<p>The harbour board voted to keep the late boat.</p><p>Commuters <em>cheered</em> at the pier.<br/>Some stayed for coffee.</p><p>Read the decision or the minutes (https://harbour.example/minutes.pdf).</p>', NULL, 4, 3);
INSERT INTO articles (id, import_id, source_id, title, url, section, published, print_date, dateline, caption, body, body_html, declared_comment_count, comment_count, hidden_comment_count) VALUES (6, 3, 1, 'About the Gazette', 'https://gazette.example/about/', NULL, '2019-01-06', NULL, NULL, NULL, 'We cover the waterfront.', '<p>We cover the waterfront.</p>', NULL, 0, 0);
INSERT INTO articles (id, import_id, source_id, title, url, section, published, print_date, dateline, caption, body, body_html, declared_comment_count, comment_count, hidden_comment_count) VALUES (7, 3, 1, 'sunset-photo', 'https://gazette.example/sunset-photo/', NULL, '2019-03-16', NULL, NULL, NULL, '', NULL, NULL, 1, 0);
INSERT INTO articles (id, import_id, source_id, title, url, section, published, print_date, dateline, caption, body, body_html, declared_comment_count, comment_count, hidden_comment_count) VALUES (8, 4, 2, 'Harbour board delays vote on night ferry timetable', NULL, 'Business', '2019-03-14', '2019-03-14', 'PORT ELLIS', 'Commuters wait at the north pier terminal on Tuesday evening. PHOTO: LEDGER STAFF', 'The harbour board postponed its vote on a reduced night ferry timetable after more than two hundred residents signed a petition against the cuts, officials said on Wednesday.

“We are not going to rush a decision that changes how people get to work,” the board’s chair told reporters. “The numbers need another look.”

Under the draft plan, the last crossing would leave the north pier at 10:40pm instead of 12:15am … a change the operator says would save fuel.

The board will meet again on March 28.', NULL, 6, 6, 0);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (1, 1, NULL, 1, 0, 0, 1, 'Marit', '2019-03-13T22:12:00', 1552511520, 'Finally some common sense.

Second thought: keep the 12:15 boat.', '<p>Finally some <b>common</b> sense.</p><p>Second thought: keep the 12:15 boat.</p>', 0, 1556290381165660475);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (2, 1, 3, 1, 1, 2, 1, 'J. Okafor', '2019-03-13T23:31:45', 1552516305, 'Agreed & thanks for the link.', '<p>Agreed &amp; thanks for the link.</p>', 0, 9155307044911942002);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (3, 1, 1, 1, 2, 1, 1, 'Dev', '2019-03-13T23:05:00', 1552514700, 'Look here and at the minutes (https://harbour.example/minutes).', '<p>Look here and at the minutes (https://harbour.example/minutes).</p>', 0, 2200804961619296150);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (4, 1, NULL, 1, 3, 0, 0, 'harbourwatch', '2019-03-14T08:48:00', 1552549680, 'This comment was removed by a moderator.', '<p>This comment was removed by a moderator.</p>', 1, 8755001904736158573);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (5, 1, NULL, 1, 4, 0, 0, 'Ticket Bargains', '2019-03-14T09:00:00', 1552550400, 'Cheap ferry tickets at this site (http://spam.example/)!!!', '<p>Cheap ferry tickets at this site (http://spam.example/)!!!</p>', 2, 7227905379466225032);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (6, 3, NULL, 1, 0, 0, 0, 'Lost Reader', '2019-03-15T11:00:00', 1552644000, 'Which article was this again?', '<p>Which article was this again?</p>', 0, 4424295820220150239);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (7, 2, NULL, 1, 0, 0, 0, 'ناصر', '2019-04-02T11:30:00', 1554197400, 'Escaped markup: I typed <b> myself.', '<p>Escaped markup: I typed &lt;b&gt; myself.</p>', 0, 1997277392879322059);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (8, 1, 2, 2, 5, 3, 0, 'Marit', '2019-03-20T19:00:00', 1553104800, 'Replying late: the vote is on the 28th.', '<p>Replying late: the vote is on the 28th.</p>', 0, 76382361343668797);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (9, 2, NULL, 2, 1, 0, 0, 'Chen', '2019-04-03T14:00:00', 1554292800, 'Paint is not protection.', '<p>Paint is not protection.</p>', 0, 7051156705415878566);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (10, 4, NULL, 2, 0, 0, 1, 'Lost Reader', '2019-03-15T11:00:00', 1552644000, 'Which article was this again?', '<p>Which article was this again?</p>', 0, 4424295820220150239);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (11, 4, NULL, 2, 1, 0, 0, 'Second Stray', '2019-03-21T08:15:00', 1553152500, 'The thread of this one was deleted too.', '<p>The thread of this one was deleted too.</p>', 0, 8183005807211562185);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (12, 4, 10, 2, 2, 1, 0, 'lost reader', '2019-03-15T12:30:00', 1552649400, 'The ferry one, I think.', '<p>The ferry one, I think.</p>', 0, 1094995889087698582);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (13, 5, NULL, 3, 0, 0, 1, 'Marit', '2019-03-15T08:12:00', 1552633920, 'Good news for the night shift.

Thank you, board.', '<p>Good news for the night shift.</p><p>Thank you, board.</p>', 0, 3437922274820586020);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (14, 5, 15, 3, 1, 2, 0, 'J. Okafor', '2019-03-15T09:40:00', 1552639200, 'Agreed & I typed <i> myself.', '<p><b>Agreed</b> &amp; I typed &lt;i&gt; myself.</p>', 0, 5396996103364671284);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (15, 5, 13, 3, 2, 1, 1, 'Dev', '2019-03-15T09:05:00', 1552637100, 'Did anyone read the minutes (https://harbour.example/minutes.pdf)?', '<p>Did anyone read the minutes (https://harbour.example/minutes.pdf)?</p>', 0, 7153182583000522863);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (16, 5, NULL, 3, 3, 0, 0, 'Cheap Tickets', '2019-03-15T11:00:00', 1552644000, 'Buy ferry tickets here!!!', '<p>Buy ferry tickets here!!!</p>', 2, 3767154833080724085);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (17, 5, NULL, 3, 4, 0, 0, 'harbourwatch', '2019-03-15T11:30:00', 1552645800, 'Removed by the author.', '<p>Removed by the author.</p>', 1, 8270002533592540411);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (18, 5, NULL, 3, 5, 0, 0, 'Newcomer', '2019-03-15T12:00:00', 1552647600, 'Waiting for a moderator.', '<p>Waiting for a moderator.</p>', 1, 1102385647889021824);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (19, 5, NULL, 3, 6, 0, 0, 'Night Owl', '2019-03-16T00:45:10', 1552693510, 'Only the GMT time survived the migration.', '<p>Only the GMT time survived the migration.</p>', 0, 1508659238850521499);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (20, 7, NULL, 3, 0, 0, 0, 'Marit', '2019-03-16T20:00:00', 1552762800, 'Lovely light.', '<p>Lovely light.</p>', 0, 5149968712641114198);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (21, 8, NULL, 4, 0, 0, 0, 'Marit', '2019-03-13T21:12:00', NULL, 'Finally some common sense.', NULL, 0, 7232135591954158310);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (22, 8, NULL, 4, 1, 0, 1, 'J. Okafor', '2019-03-13T22:05:00', NULL, 'I work the late shift at the cannery. Without the 12:15 boat I sleep in my car.

Please count us too.', NULL, 0, 2919666068221629819);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (23, 8, 22, 4, 2, 1, 0, 'Marit', '2019-03-13T22:31:00', NULL, 'Fair point, I had not thought of the shift workers.', NULL, 0, 8929854784364108155);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (24, 8, NULL, 4, 3, 0, 0, 'harbourwatch', '2019-03-14T07:48:00', NULL, 'Fuel savings… sure. Same story as the 2016 “review”.
Nothing changed then either.', NULL, 0, 1833010068215424298);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (25, 8, NULL, 4, 4, 0, 0, 'Dev', '2019-03-14T12:00:00', NULL, '<b>Bold</b> claims & no data. Publish the ridership figures!', NULL, 0, 2978341840731232486);
INSERT INTO comments (id, article_id, parent_id, import_id, position, depth, reply_count, author, posted_at, posted_utc, text, html, status, fingerprint) VALUES (26, 8, NULL, 4, 5, 0, 0, 'ناصر', '2019-03-15T01:17:00', NULL, 'اچھی خبر ہے', NULL, 0, 7855540324001113928);
INSERT INTO comments_fts (comments_fts) VALUES ('rebuild');
INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
PRAGMA application_id = 1129074759;
PRAGMA user_version = 5;
