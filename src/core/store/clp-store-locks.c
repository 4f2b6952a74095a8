/* SPDX-License-Identifier: GPL-3.0-or-later */
/* F_OFD_SETLK and its siblings are Linux extensions. */
#define _GNU_SOURCE
#define G_LOG_DOMAIN "clp-store-locks"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <sqlite3.h>

#include "clp-store-locks.h"

/* Locks that no other code in the process can drop.
 *
 * SQLite coordinates processes with POSIX record locks (fcntl F_SETLK) on
 * the archive file and its -shm file. POSIX locks belong to the process,
 * not to a descriptor, and the kernel drops *all* of them when the process
 * closes *any* descriptor of the file. SQLite keeps its own descriptors
 * open for that reason, but it cannot stop other code: GIO reads the
 * first bytes of every file a file chooser lists to guess its type, and
 * closing those descriptors released the window's locks on archive.db and
 * archive.db-shm. A `clippings-cli list` run next then believed it was
 * the only user, checkpointed, and deleted the -wal and -shm files under
 * the running window, whose later imports went into a deleted file.
 *
 * Linux has open file description ("OFD") locks, which belong to one open
 * file description and go only when its last descriptor closes. SQLite's
 * unix VFS lets a program replace the system calls it makes; this module
 * replaces fcntl() so that SQLite's lock calls on any descriptor of a file
 * become OFD lock calls on one private descriptor per file and process,
 * made with F_DUPFD_CLOEXEC from the first descriptor SQLite locked. One
 * open file description per file per process behaves exactly as the
 * per-process locks SQLite counts on (it keeps its own count of the
 * locks its connections share), but nothing else in the process holds
 * that description, so nothing else can close it. OFD locks and POSIX
 * locks conflict with each other, so other programs (the sqlite3 shell)
 * still see and respect the locks. close() is replaced too, to let go of
 * the private descriptor, and with it any lock left, when SQLite closes
 * the last descriptor it locked through: closing is how SQLite releases
 * its lock on the -shm file. */

typedef struct
{
  dev_t dev;
  ino_t ino;
  int   lock_fd;   /* the one open file description the locks are on */
  int   users;     /* SQLite descriptors of this file that have locked */
} LockedFile;

static GMutex lock_mutex;
static GHashTable *by_fd;        /* SQLite's descriptor + 1 -> LockedFile */
static GPtrArray *locked_files;  /* LockedFile */
static int (*real_fcntl) (int, int, ...);
static int (*real_close) (int);

/* With lock_mutex held. */
static LockedFile *
locked_file_for (int fd)
{
  LockedFile *file = g_hash_table_lookup (by_fd, GINT_TO_POINTER (fd + 1));
  struct stat st;

  if (file != NULL)
    return file;
  if (fstat (fd, &st) != 0)
    return NULL;
  for (guint i = 0; i < locked_files->len && file == NULL; i++)
    {
      LockedFile *candidate = g_ptr_array_index (locked_files, i);

      if (candidate->dev == st.st_dev && candidate->ino == st.st_ino)
        file = candidate;
    }
  if (file == NULL)
    {
      int lock_fd = real_fcntl (fd, F_DUPFD_CLOEXEC, 0);

      if (lock_fd < 0)
        return NULL;
      file = g_new0 (LockedFile, 1);
      file->dev = st.st_dev;
      file->ino = st.st_ino;
      file->lock_fd = lock_fd;
      g_ptr_array_add (locked_files, file);
    }
  file->users++;
  g_hash_table_insert (by_fd, GINT_TO_POINTER (fd + 1), file);
  return file;
}

static int
ofd_command (int command)
{
  switch (command)
    {
    case F_SETLK:
      return F_OFD_SETLK;
    case F_SETLKW:
      return F_OFD_SETLKW;
    case F_GETLK:
      return F_OFD_GETLK;
    default:
      return -1;
    }
}

static int
locks_fcntl (int fd,
             int command,
             ...)
{
  va_list args;
  void *arg;
  struct flock *lock;
  LockedFile *file;
  int result;

  va_start (args, command);
  arg = va_arg (args, void *);
  va_end (args);

  if (ofd_command (command) < 0)
    return real_fcntl (fd, command, arg);

  lock = arg;
  g_mutex_lock (&lock_mutex);
  file = locked_file_for (fd);
  if (file == NULL)
    {
      int saved_errno = errno;

      g_mutex_unlock (&lock_mutex);
      errno = saved_errno;
      return -1;
    }
  /* The kernel wants 0 here for OFD locks. */
  lock->l_pid = 0;
  result = real_fcntl (file->lock_fd, ofd_command (command), lock);
  g_mutex_unlock (&lock_mutex);
  return result;
}

static int
locks_close (int fd)
{
  LockedFile *file;

  g_mutex_lock (&lock_mutex);
  file = g_hash_table_lookup (by_fd, GINT_TO_POINTER (fd + 1));
  if (file != NULL)
    {
      g_hash_table_remove (by_fd, GINT_TO_POINTER (fd + 1));
      if (--file->users == 0)
        {
          real_close (file->lock_fd);
          g_ptr_array_remove_fast (locked_files, file);
          g_free (file);
        }
    }
  g_mutex_unlock (&lock_mutex);

  return real_close (fd);
}

/**
 * clp_store_locks_install:
 *
 * Puts SQLite's locks on open file descriptions of their own (see above).
 * Runs once per process, before the first connection opens; later calls
 * do nothing.
 *
 * Returns: %FALSE when SQLite's unix VFS would not take the replacement
 */
gboolean
clp_store_locks_install (void)
{
  static gsize done;
  static gboolean installed;

  if (g_once_init_enter (&done))
    {
      sqlite3_vfs *vfs = sqlite3_vfs_find ("unix");

      if (vfs != NULL && vfs->iVersion >= 3)
        {
          by_fd = g_hash_table_new (NULL, NULL);
          locked_files = g_ptr_array_new ();
          real_fcntl = (int (*) (int, int, ...)) vfs->xGetSystemCall (vfs, "fcntl");
          real_close = (int (*) (int)) vfs->xGetSystemCall (vfs, "close");
          installed = real_fcntl != NULL && real_close != NULL &&
                      vfs->xSetSystemCall (vfs, "fcntl",
                                           (sqlite3_syscall_ptr) locks_fcntl) == SQLITE_OK &&
                      vfs->xSetSystemCall (vfs, "close",
                                           (sqlite3_syscall_ptr) locks_close) == SQLITE_OK;
        }
      if (!installed)
        g_warning ("SQLite's locks could not be made safe from other code in this process");
      g_once_init_leave (&done, 1);
    }
  return installed;
}

/* The byte of the -shm file that every connection to a WAL archive holds
 * a shared lock on while it is open (SQLite's "DMS" lock, after the eight
 * lock bytes at 120). */
#define SHM_DMS_BYTE 128

/**
 * clp_store_locks_remove_unused_files:
 * @path: the archive
 *
 * Removes the archive's -shm file, and its -wal file when it is empty,
 * if no connection anywhere has the archive open: for a read-only
 * connection, which SQLite lets make them but never remove. Holding the
 * lock every open connection shares is the proof that none is open; it
 * is held until both are gone.
 */
void
clp_store_locks_remove_unused_files (const char *path)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  struct flock lock = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = SHM_DMS_BYTE,
                        .l_len = 1 };
  struct stat st;
  int fd = open (shm, O_RDWR | O_CLOEXEC);

  /* SQLite gives the files the archive's permissions: a read-only
   * archive's -shm file is read-only too, but this process made it. */
  if (fd < 0 && errno == EACCES && stat (shm, &st) == 0 && st.st_uid == geteuid () &&
      chmod (shm, st.st_mode | S_IWUSR) == 0)
    fd = open (shm, O_RDWR | O_CLOEXEC);
  if (fd < 0)
    return;
  if (fcntl (fd, F_OFD_SETLK, &lock) == 0 &&
      (stat (wal, &st) != 0 || st.st_size == 0))
    {
      unlink (wal);
      unlink (shm);
    }
  close (fd);
}

typedef struct
{
  dev_t dev;
  ino_t ino;
} FileId;

/* Whether a line of /proc/locks, or of a descriptor's "lock:" lines,
 * is a write lock on one of @files; @pid gets its process (-1 for an
 * OFD lock, which belongs to no process). */
static gboolean
is_write_lock_on (const char   *line,
                  const FileId *files,
                  guint         n_files,
                  int          *pid)
{
  char kind[16], mode[16];
  unsigned int major_number, minor_number;
  unsigned long inode;

  if (strstr (line, "->") != NULL ||
      sscanf (line, "%*d: %15s %*s %15s %d %x:%x:%lu", kind, mode, pid, &major_number,
              &minor_number, &inode) != 6 ||
      strcmp (mode, "WRITE") != 0)
    return FALSE;
  for (guint i = 0; i < n_files; i++)
    if (files[i].ino == inode && major (files[i].dev) == major_number &&
        minor (files[i].dev) == minor_number)
      return TRUE;
  return FALSE;
}

/* Processes with a descriptor whose OFD write lock is on one of @files. */
static void
find_ofd_holders (const FileId *files,
                  guint         n_files,
                  GHashTable   *pids)
{
  g_autoptr(GDir) proc = g_dir_open ("/proc", 0, NULL);
  const char *name;

  while (proc != NULL && (name = g_dir_read_name (proc)) != NULL)
    {
      g_autofree char *fdinfo = NULL;
      g_autoptr(GDir) fds = NULL;
      const char *fd;
      int pid = atoi (name);

      if (pid <= 0 || pid == getpid ())
        continue;
      fdinfo = g_build_filename ("/proc", name, "fdinfo", NULL);
      fds = g_dir_open (fdinfo, 0, NULL);
      while (fds != NULL && (fd = g_dir_read_name (fds)) != NULL)
        {
          g_autofree char *info_path = g_build_filename (fdinfo, fd, NULL);
          g_autofree char *info = NULL;
          g_auto(GStrv) lines = NULL;

          if (!g_file_get_contents (info_path, &info, NULL, NULL) || strstr (info, "lock:") == NULL)
            continue;
          lines = g_strsplit (info, "\n", -1);
          for (guint i = 0; lines[i] != NULL; i++)
            {
              int holder;

              if (g_str_has_prefix (lines[i], "lock:") &&
                  is_write_lock_on (lines[i] + strlen ("lock:"), files, n_files, &holder))
                g_hash_table_add (pids, GINT_TO_POINTER (pid));
            }
        }
    }
}

/**
 * clp_store_locks_describe_holders:
 * @path: the archive
 *
 * Returns: (nullable): the programs that hold a write lock on the
 *   archive, as "name (process N)", or %NULL when the system does not
 *   tell
 */
char *
clp_store_locks_describe_holders (const char *path)
{
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *locks = NULL;
  g_autoptr(GHashTable) pids = g_hash_table_new (NULL, NULL);
  g_autoptr(GString) names = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  gboolean ofd = FALSE;
  FileId files[2];
  guint n_files = 0;
  GHashTableIter iter;
  gpointer key;
  struct stat st;

  if (stat (path, &st) == 0)
    files[n_files++] = (FileId) { st.st_dev, st.st_ino };
  if (stat (shm, &st) == 0)
    files[n_files++] = (FileId) { st.st_dev, st.st_ino };
  if (n_files == 0 || !g_file_get_contents ("/proc/locks", &locks, NULL, NULL))
    return NULL;

  /* POSIX locks name their process; OFD locks, which Clippings itself
   * takes, are found through the descriptors that hold them. */
  lines = g_strsplit (locks, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      int pid;

      if (!is_write_lock_on (lines[i], files, n_files, &pid))
        continue;
      if (pid > 0 && pid != getpid ())
        g_hash_table_add (pids, GINT_TO_POINTER (pid));
      else if (pid < 0)
        ofd = TRUE;
    }
  if (ofd)
    find_ofd_holders (files, n_files, pids);

  g_hash_table_iter_init (&iter, pids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autofree char *comm_path = g_strdup_printf ("/proc/%d/comm", GPOINTER_TO_INT (key));
      g_autofree char *comm = NULL;

      if (!g_file_get_contents (comm_path, &comm, NULL, NULL))
        continue;
      g_strstrip (comm);
      if (names->len > 0)
        g_string_append (names, ", ");
      /* Translators: a program that holds the archive: "sqlite3 (process 1234)" */
      g_string_append_printf (names, g_dgettext (GETTEXT_PACKAGE, "%s (process %d)"), comm,
                              GPOINTER_TO_INT (key));
    }
  if (names->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&names), FALSE);
}
