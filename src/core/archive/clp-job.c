/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "clp-job"

#include "config.h"

#include "clp-job.h"

typedef struct
{
  ClpArchive   *archive;
  GMainContext *context;        /* the caller's, where notifications go */

  GMutex        mutex;          /* guards the fields below */
  double        fraction;
  char         *current;
  guint         notify_source;
  gint64        notified_at;    /* monotonic µs of the last notification */
} ClpJobPrivate;

/* Notifications are for people: ten a second are plenty, and each wakes
 * the caller's main loop. */
#define NOTIFY_INTERVAL_US (G_USEC_PER_SEC / 10)

enum { PROP_0, PROP_ARCHIVE, PROP_FRACTION, PROP_CURRENT, N_PROPS };

static GParamSpec *properties[N_PROPS];

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (ClpJob, clp_job, G_TYPE_OBJECT)

static void
clp_job_finalize (GObject *object)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (CLP_JOB (object));

  g_clear_object (&priv->archive);
  g_clear_pointer (&priv->context, g_main_context_unref);
  g_free (priv->current);
  g_mutex_clear (&priv->mutex);

  G_OBJECT_CLASS (clp_job_parent_class)->finalize (object);
}

static void
clp_job_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  ClpJob *self = CLP_JOB (object);

  switch (prop_id)
    {
    case PROP_ARCHIVE:
      g_value_set_object (value, clp_job_get_archive (self));
      break;
    case PROP_FRACTION:
      g_value_set_double (value, clp_job_get_fraction (self));
      break;
    case PROP_CURRENT:
      g_value_take_string (value, clp_job_dup_current (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clp_job_set_property (GObject      *object,
                      guint         prop_id,
                      const GValue *value,
                      GParamSpec   *pspec)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (CLP_JOB (object));

  switch (prop_id)
    {
    case PROP_ARCHIVE:
      priv->archive = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clp_job_class_init (ClpJobClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clp_job_finalize;
  object_class->get_property = clp_job_get_property;
  object_class->set_property = clp_job_set_property;

  properties[PROP_ARCHIVE] =
    g_param_spec_object ("archive", NULL, NULL, CLP_TYPE_ARCHIVE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_string ("current", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clp_job_init (ClpJob *self)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (self);

  g_mutex_init (&priv->mutex);
}

ClpArchive *
clp_job_get_archive (ClpJob *self)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (self);

  g_return_val_if_fail (CLP_IS_JOB (self), NULL);

  return priv->archive;
}

double
clp_job_get_fraction (ClpJob *self)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (self);
  double fraction;

  g_return_val_if_fail (CLP_IS_JOB (self), 0.0);

  g_mutex_lock (&priv->mutex);
  fraction = priv->fraction;
  g_mutex_unlock (&priv->mutex);
  return fraction;
}

/**
 * clp_job_dup_current:
 *
 * Returns: (transfer full) (nullable): what the job is at, like the name
 *   of the file being imported
 */
char *
clp_job_dup_current (ClpJob *self)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (self);
  char *current;

  g_return_val_if_fail (CLP_IS_JOB (self), NULL);

  g_mutex_lock (&priv->mutex);
  current = g_strdup (priv->current);
  g_mutex_unlock (&priv->mutex);
  return current;
}

/**
 * clp_job_start:
 *
 * Called by a job as it starts, in the caller's thread: notifications go
 * to this thread's default main context from now on.
 */
void
clp_job_start (ClpJob *self)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (self);

  g_mutex_lock (&priv->mutex);
  g_clear_pointer (&priv->context, g_main_context_unref);
  priv->context = g_main_context_ref_thread_default ();
  priv->fraction = 0.0;
  g_clear_pointer (&priv->current, g_free);
  g_mutex_unlock (&priv->mutex);
}

static gboolean
notify_cb (gpointer data)
{
  ClpJob *self = data;
  ClpJobPrivate *priv = clp_job_get_instance_private (self);

  g_mutex_lock (&priv->mutex);
  priv->notify_source = 0;
  priv->notified_at = g_get_monotonic_time ();
  g_mutex_unlock (&priv->mutex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  return G_SOURCE_REMOVE;
}

/**
 * clp_job_update:
 * @current: (nullable): what the job is at now; %NULL keeps the last
 *
 * Called from the worker. At most one notification is pending at a time,
 * and at most ten go a second, so a fast job does not flood the main loop;
 * a new current item, and the end, are told at once.
 */
void
clp_job_update (ClpJob     *self,
                double      fraction,
                const char *current)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (self);
  gboolean urgent = fraction >= 1.0;

  g_mutex_lock (&priv->mutex);
  priv->fraction = CLAMP (fraction, 0.0, 1.0);
  if (current != NULL && g_strcmp0 (current, priv->current) != 0)
    {
      g_free (priv->current);
      priv->current = g_strdup (current);
      urgent = TRUE;
    }
  if (priv->notify_source == 0 && priv->context != NULL &&
      (urgent || g_get_monotonic_time () - priv->notified_at >= NOTIFY_INTERVAL_US))
    {
      GSource *source = g_idle_source_new ();

      g_source_set_callback (source, notify_cb, g_object_ref (self), g_object_unref);
      priv->notify_source = g_source_attach (source, priv->context);
      g_source_unref (source);
    }
  g_mutex_unlock (&priv->mutex);
}

/**
 * clp_job_invoke:
 *
 * Runs @function in the caller's main context, from the worker.
 */
void
clp_job_invoke (ClpJob         *self,
                GSourceFunc     function,
                gpointer        data,
                GDestroyNotify  notify)
{
  ClpJobPrivate *priv = clp_job_get_instance_private (self);

  g_main_context_invoke_full (priv->context, G_PRIORITY_DEFAULT, function, data, notify);
}
