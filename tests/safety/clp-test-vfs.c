/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-test-vfs"

#include "config.h"

#include "clp-test-vfs.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <sqlite3.h>

/* See the header. A power cut is played the way SQLite's own crash tests
 * play it: a write reaches the disk for sure only once its file is
 * synced, so at the cut every write since a file's last sync is dropped,
 * torn or kept, independently. The files are put back to what they were
 * at their last sync (the shim saved what each write overwrote), and the
 * writes chosen to survive are laid again over that, in order. */

typedef enum { OP_WRITE, OP_TRUNCATE } OpKind;

typedef struct
{
  OpKind  kind;
  gint64  offset;     /* write: where; truncate: the new size */
  gint64  old_size;   /* the file's size before */
  GBytes *old_data;   /* what the operation overwrote or cut off */
  GBytes *new_data;   /* write: what it wrote */
} Op;

typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
  char         *path;    /* NULL for files without a name */
  gboolean      tracked; /* the database, its WAL or its journal */
  gboolean      delete_on_close;
} ShimFile;

static sqlite3_vfs shim_vfs;
static sqlite3_vfs *real_vfs;
static sqlite3_io_methods shim_methods;

static GMutex vfs_mutex;
static GHashTable *pending;    /* path -> GPtrArray of Op, unsynced writes */
static GHashTable *peaks;      /* path -> gint64 * */
static guint64 events;
static guint64 cut_at;
static guint32 cut_seed;
static gint64 free_space = G_MAXINT64;

static void
op_free (gpointer data)
{
  Op *op = data;

  g_clear_pointer (&op->old_data, g_bytes_unref);
  g_clear_pointer (&op->new_data, g_bytes_unref);
  g_free (op);
}

static GPtrArray *
pending_for (const char *path)
{
  GPtrArray *ops = g_hash_table_lookup (pending, path);

  if (ops == NULL)
    {
      ops = g_ptr_array_new_with_free_func (op_free);
      g_hash_table_insert (pending, g_strdup (path), ops);
    }
  return ops;
}

static void
lay (int fd, GBytes *bytes, gint64 offset, gsize length)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  length = MIN (length, size);
  if (length > 0 && pwrite (fd, data, length, offset) != (gssize) length)
    g_error ("power cut: cannot lay back %" G_GSIZE_FORMAT " bytes", length);
}

/* With vfs_mutex held; never returns. */
static void G_GNUC_NORETURN
cut_power (void)
{
  static const double loss_rates[] = { 0.0, 0.02, 0.1, 0.4 };
  GRand *rand = g_rand_new_with_seed (cut_seed);
  /* How much the disk had written back on its own varies from cut to cut:
   * from all but the write in flight to little of it. */
  double lost = loss_rates[cut_seed % G_N_ELEMENTS (loss_rates)];
  GHashTableIter iter;
  gpointer key, value;

  g_hash_table_iter_init (&iter, pending);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GPtrArray *ops = value;
      int fd = open (key, O_RDWR | O_CLOEXEC);

      if (fd < 0)
        continue;
      /* Back to the last sync... */
      for (guint i = ops->len; i-- > 0;)
        {
          Op *op = g_ptr_array_index (ops, i);

          if (op->kind == OP_WRITE)
            {
              lay (fd, op->old_data, op->offset, G_MAXSIZE);
              if (ftruncate (fd, op->old_size) != 0 && op->old_size < op->offset)
                g_error ("power cut: cannot truncate");
            }
          else
            {
              if (ftruncate (fd, op->old_size) != 0)
                g_error ("power cut: cannot extend");
              lay (fd, op->old_data, op->offset, G_MAXSIZE);
            }
        }
      /* ...then what happened to reach the disk anyway. */
      for (guint i = 0; i < ops->len; i++)
        {
          Op *op = g_ptr_array_index (ops, i);
          double fate = g_rand_double (rand);

          if (fate < lost)
            continue;
          if (op->kind == OP_TRUNCATE)
            {
              if (ftruncate (fd, op->offset) != 0)
                g_error ("power cut: cannot truncate");
              continue;
            }
          if (fate < lost * 1.5)
            {
              gsize size = g_bytes_get_size (op->new_data);
              gsize sectors = size / 512;

              /* Torn: some sectors of it made it. */
              if (sectors > 1)
                lay (fd, op->new_data, op->offset,
                     512 * (gsize) g_rand_int_range (rand, 1, sectors));
              continue;
            }
          lay (fd, op->new_data, op->offset, G_MAXSIZE);
        }
      fsync (fd);
      close (fd);
    }
  _exit (0);
}

/* Counts an event that may lose power; with vfs_mutex held. */
static void
event (void)
{
  events++;
  if (cut_at != 0 && events >= cut_at)
    cut_power ();
}

static gint64
real_size (ShimFile *file)
{
  sqlite3_int64 size = 0;

  if (file->real->pMethods->xFileSize (file->real, &size) != SQLITE_OK)
    return 0;
  return size;
}

static void
note_size (ShimFile *file,
           gint64    size)
{
  gint64 *peak;

  if (file->path == NULL)
    return;
  peak = g_hash_table_lookup (peaks, file->path);
  if (peak == NULL)
    {
      peak = g_new0 (gint64, 1);
      g_hash_table_insert (peaks, g_strdup (file->path), peak);
    }
  *peak = MAX (*peak, size);
}

static GBytes *
read_bytes (ShimFile *file,
            gint64    offset,
            gint64    length)
{
  guint8 *data;

  if (length <= 0)
    return g_bytes_new (NULL, 0);
  data = g_malloc0 (length);
  file->real->pMethods->xRead (file->real, data, length, offset);
  return g_bytes_new_take (data, length);
}

/* The io methods */

static int
shim_close (sqlite3_file *base)
{
  ShimFile *file = (ShimFile *) base;
  int rc;

  g_mutex_lock (&vfs_mutex);
  if (file->delete_on_close && free_space != G_MAXINT64)
    free_space += real_size (file);
  g_mutex_unlock (&vfs_mutex);
  rc = file->real->pMethods->xClose (file->real);
  g_free (file->path);
  return rc;
}

static int
shim_read (sqlite3_file *base, void *buffer, int amount, sqlite3_int64 offset)
{
  ShimFile *file = (ShimFile *) base;

  return file->real->pMethods->xRead (file->real, buffer, amount, offset);
}

static int
shim_write (sqlite3_file *base, const void *buffer, int amount, sqlite3_int64 offset)
{
  ShimFile *file = (ShimFile *) base;
  gint64 size;
  int rc;

  g_mutex_lock (&vfs_mutex);
  size = real_size (file);
  if (free_space != G_MAXINT64 && offset + amount > size)
    {
      gint64 growth = offset + amount - size;

      if (growth > free_space)
        {
          g_mutex_unlock (&vfs_mutex);
          return SQLITE_FULL;
        }
      free_space -= growth;
    }
  if (file->tracked)
    {
      Op *op;

      event ();
      op = g_new0 (Op, 1);
      op->kind = OP_WRITE;
      op->offset = offset;
      op->old_size = size;
      op->old_data = read_bytes (file, offset, MIN ((gint64) amount, size - offset));
      op->new_data = g_bytes_new (buffer, amount);
      g_ptr_array_add (pending_for (file->path), op);
    }
  rc = file->real->pMethods->xWrite (file->real, buffer, amount, offset);
  note_size (file, MAX (size, offset + amount));
  g_mutex_unlock (&vfs_mutex);
  return rc;
}

static int
shim_truncate (sqlite3_file *base, sqlite3_int64 new_size)
{
  ShimFile *file = (ShimFile *) base;
  gint64 size;
  int rc;

  g_mutex_lock (&vfs_mutex);
  size = real_size (file);
  if (free_space != G_MAXINT64 && new_size < size)
    free_space += size - new_size;
  if (file->tracked)
    {
      Op *op;

      event ();
      op = g_new0 (Op, 1);
      op->kind = OP_TRUNCATE;
      op->offset = new_size;
      op->old_size = size;
      op->old_data = read_bytes (file, new_size, size - new_size);
      g_ptr_array_add (pending_for (file->path), op);
    }
  rc = file->real->pMethods->xTruncate (file->real, new_size);
  g_mutex_unlock (&vfs_mutex);
  return rc;
}

static int
shim_sync (sqlite3_file *base, int flags)
{
  ShimFile *file = (ShimFile *) base;
  int rc;

  g_mutex_lock (&vfs_mutex);
  if (file->tracked)
    event ();
  rc = file->real->pMethods->xSync (file->real, flags);
  if (rc == SQLITE_OK && file->tracked)
    g_hash_table_remove (pending, file->path);
  g_mutex_unlock (&vfs_mutex);
  return rc;
}

#define FORWARD(name, args, call) \
  static int shim_##name args { ShimFile *file = (ShimFile *) base; \
    return file->real->pMethods->call; }

FORWARD (file_size, (sqlite3_file *base, sqlite3_int64 *size), xFileSize (file->real, size))
FORWARD (lock, (sqlite3_file *base, int level), xLock (file->real, level))
FORWARD (unlock, (sqlite3_file *base, int level), xUnlock (file->real, level))
FORWARD (check_reserved_lock, (sqlite3_file *base, int *out),
         xCheckReservedLock (file->real, out))
FORWARD (file_control, (sqlite3_file *base, int op, void *arg),
         xFileControl (file->real, op, arg))
FORWARD (sector_size, (sqlite3_file *base), xSectorSize (file->real))
FORWARD (device_characteristics, (sqlite3_file *base), xDeviceCharacteristics (file->real))
FORWARD (shm_map, (sqlite3_file *base, int page, int size, int extend, void volatile **out),
         xShmMap (file->real, page, size, extend, out))
FORWARD (shm_lock, (sqlite3_file *base, int offset, int n, int flags),
         xShmLock (file->real, offset, n, flags))
FORWARD (shm_unmap, (sqlite3_file *base, int delete_flag), xShmUnmap (file->real, delete_flag))
FORWARD (fetch, (sqlite3_file *base, sqlite3_int64 offset, int amount, void **out),
         xFetch (file->real, offset, amount, out))
FORWARD (unfetch, (sqlite3_file *base, sqlite3_int64 offset, void *p),
         xUnfetch (file->real, offset, p))

static void
shim_shm_barrier (sqlite3_file *base)
{
  ShimFile *file = (ShimFile *) base;

  file->real->pMethods->xShmBarrier (file->real);
}

/* The VFS */

static int
shim_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *base, int flags, int *out_flags)
{
  ShimFile *file = (ShimFile *) base;
  int rc;

  memset (file, 0, sizeof *file);
  file->real = (sqlite3_file *) (file + 1);
  rc = real_vfs->xOpen (real_vfs, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK)
    {
      file->base.pMethods = NULL;
      return rc;
    }
  file->path = name != NULL ? g_strdup (name) : NULL;
  file->tracked = name != NULL &&
                  (flags & (SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL)) != 0;
  file->delete_on_close = (flags & SQLITE_OPEN_DELETEONCLOSE) != 0;
  file->base.pMethods = &shim_methods;
  return SQLITE_OK;
}

static int
shim_delete (sqlite3_vfs *vfs, const char *name, int sync_dir)
{
  struct stat st;

  g_mutex_lock (&vfs_mutex);
  if (free_space != G_MAXINT64 && stat (name, &st) == 0)
    free_space += st.st_size;
  g_hash_table_remove (pending, name);
  g_mutex_unlock (&vfs_mutex);
  return real_vfs->xDelete (real_vfs, name, sync_dir);
}

#define VFS_FORWARD(name, args, call) \
  static int shim_##name args { return real_vfs->call; }

VFS_FORWARD (access, (sqlite3_vfs *vfs, const char *name, int flags, int *out),
             xAccess (real_vfs, name, flags, out))
VFS_FORWARD (full_pathname, (sqlite3_vfs *vfs, const char *name, int n, char *out),
             xFullPathname (real_vfs, name, n, out))
VFS_FORWARD (randomness, (sqlite3_vfs *vfs, int n, char *out), xRandomness (real_vfs, n, out))
VFS_FORWARD (sleep, (sqlite3_vfs *vfs, int micros), xSleep (real_vfs, micros))
VFS_FORWARD (current_time_int64, (sqlite3_vfs *vfs, sqlite3_int64 *out),
             xCurrentTimeInt64 (real_vfs, out))
VFS_FORWARD (get_last_error, (sqlite3_vfs *vfs, int n, char *out),
             xGetLastError (real_vfs, n, out))

static int
shim_current_time (sqlite3_vfs *vfs, double *out)
{
  return real_vfs->xCurrentTime (real_vfs, out);
}

static void *
shim_dl_open (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xDlOpen (real_vfs, name);
}

static void
shim_dl_error (sqlite3_vfs *vfs, int n, char *out)
{
  real_vfs->xDlError (real_vfs, n, out);
}

static void (*shim_dl_sym (sqlite3_vfs *vfs, void *handle, const char *symbol)) (void)
{
  return real_vfs->xDlSym (real_vfs, handle, symbol);
}

static void
shim_dl_close (sqlite3_vfs *vfs, void *handle)
{
  real_vfs->xDlClose (real_vfs, handle);
}

/* The unix VFS's system calls: the product replaces fcntl() and close()
 * there (clp-store-locks.c), and must find the unix VFS's own. */
static int
shim_set_system_call (sqlite3_vfs *vfs, const char *name, sqlite3_syscall_ptr call)
{
  return real_vfs->xSetSystemCall (real_vfs, name, call);
}

static sqlite3_syscall_ptr
shim_get_system_call (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xGetSystemCall (real_vfs, name);
}

static const char *
shim_next_system_call (sqlite3_vfs *vfs, const char *name)
{
  return real_vfs->xNextSystemCall (real_vfs, name);
}

/**
 * clp_test_vfs_register:
 *
 * Makes the shim SQLite's default VFS, for every connection opened after.
 */
void
clp_test_vfs_register (void)
{
  if (real_vfs != NULL)
    return;

  real_vfs = sqlite3_vfs_find ("unix");
  g_assert (real_vfs != NULL && real_vfs->iVersion >= 3);
  pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) g_ptr_array_unref);
  peaks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  shim_methods = (sqlite3_io_methods) {
    .iVersion = 3,
    .xClose = shim_close,
    .xRead = shim_read,
    .xWrite = shim_write,
    .xTruncate = shim_truncate,
    .xSync = shim_sync,
    .xFileSize = shim_file_size,
    .xLock = shim_lock,
    .xUnlock = shim_unlock,
    .xCheckReservedLock = shim_check_reserved_lock,
    .xFileControl = shim_file_control,
    .xSectorSize = shim_sector_size,
    .xDeviceCharacteristics = shim_device_characteristics,
    .xShmMap = shim_shm_map,
    .xShmLock = shim_shm_lock,
    .xShmBarrier = shim_shm_barrier,
    .xShmUnmap = shim_shm_unmap,
    .xFetch = shim_fetch,
    .xUnfetch = shim_unfetch,
  };
  shim_vfs = (sqlite3_vfs) {
    .iVersion = 3,
    .szOsFile = sizeof (ShimFile) + real_vfs->szOsFile,
    .mxPathname = real_vfs->mxPathname,
    .zName = "clippings-test",
    .xOpen = shim_open,
    .xDelete = shim_delete,
    .xAccess = shim_access,
    .xFullPathname = shim_full_pathname,
    .xDlOpen = shim_dl_open,
    .xDlError = shim_dl_error,
    .xDlSym = shim_dl_sym,
    .xDlClose = shim_dl_close,
    .xRandomness = shim_randomness,
    .xSleep = shim_sleep,
    .xCurrentTime = shim_current_time,
    .xGetLastError = shim_get_last_error,
    .xCurrentTimeInt64 = shim_current_time_int64,
    .xSetSystemCall = shim_set_system_call,
    .xGetSystemCall = shim_get_system_call,
    .xNextSystemCall = shim_next_system_call,
  };
  g_assert_cmpint (sqlite3_vfs_register (&shim_vfs, 1), ==, SQLITE_OK);
}

void
clp_test_vfs_cut_power_at (guint64 event_number,
                           guint32 seed)
{
  g_mutex_lock (&vfs_mutex);
  events = 0;
  cut_at = event_number;
  cut_seed = seed;
  g_hash_table_remove_all (pending);
  g_mutex_unlock (&vfs_mutex);
}

guint64
clp_test_vfs_get_events (void)
{
  guint64 n;

  g_mutex_lock (&vfs_mutex);
  n = events;
  g_mutex_unlock (&vfs_mutex);
  return n;
}

void
clp_test_vfs_set_free_space (gint64 bytes)
{
  g_mutex_lock (&vfs_mutex);
  free_space = bytes;
  g_mutex_unlock (&vfs_mutex);
}

gint64
clp_test_vfs_get_peak_size (const char *suffix)
{
  GHashTableIter iter;
  gpointer key, value;
  gint64 peak = 0;

  g_mutex_lock (&vfs_mutex);
  g_hash_table_iter_init (&iter, peaks);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_str_has_suffix (key, suffix))
      peak = MAX (peak, *(gint64 *) value);
  g_mutex_unlock (&vfs_mutex);
  return peak;
}

void
clp_test_vfs_reset_peaks (void)
{
  g_mutex_lock (&vfs_mutex);
  g_hash_table_remove_all (peaks);
  g_mutex_unlock (&vfs_mutex);
}
