/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-progress-stream"

#include "config.h"

#include "clp-progress-stream.h"

/* Counts the bytes an importer reads, so a long import can show how far it
 * is without the importer knowing about it. Reports at most every 256 KiB. */

#define REPORT_EVERY (256 * 1024)

struct _ClpProgressStream
{
  GFilterInputStream parent_instance;

  goffset            done;
  goffset            reported;
  goffset            total;
  ClpProgressFunc    func;
  gpointer           user_data;
};

G_DEFINE_FINAL_TYPE (ClpProgressStream, clp_progress_stream, G_TYPE_FILTER_INPUT_STREAM)

static gssize
clp_progress_stream_read (GInputStream  *stream,
                          void          *buffer,
                          gsize          count,
                          GCancellable  *cancellable,
                          GError       **error)
{
  ClpProgressStream *self = CLP_PROGRESS_STREAM (stream);
  GInputStream *base = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  gssize n = g_input_stream_read (base, buffer, count, cancellable, error);

  if (n > 0)
    {
      self->done += n;
      if (self->func != NULL && self->done - self->reported >= REPORT_EVERY)
        {
          self->reported = self->done;
          self->func (self->done, self->total, self->user_data);
        }
    }
  return n;
}

static void
clp_progress_stream_class_init (ClpProgressStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = clp_progress_stream_read;
}

static void
clp_progress_stream_init (ClpProgressStream *self)
{
}

GInputStream *
clp_progress_stream_new (GInputStream    *base,
                         goffset          total,
                         ClpProgressFunc  func,
                         gpointer         user_data)
{
  ClpProgressStream *self;

  g_return_val_if_fail (G_IS_INPUT_STREAM (base), NULL);

  self = g_object_new (CLP_TYPE_PROGRESS_STREAM, "base-stream", base,
                       "close-base-stream", FALSE, NULL);
  self->total = total;
  self->func = func;
  self->user_data = user_data;
  return G_INPUT_STREAM (self);
}
