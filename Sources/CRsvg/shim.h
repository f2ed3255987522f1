#ifndef QRBUILD_CRSVG_SHIM_H
#define QRBUILD_CRSVG_SHIM_H
// librsvg reads SVG logos and draws them with cairo; gdk-pixbuf decodes PNG and JPEG logos.
#define RSVG_DISABLE_DEPRECATION_WARNINGS 1
#include <librsvg/rsvg.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

/// g_object_unref takes a gpointer; this keeps the call typed for Swift.
static inline void qrbuild_unref(void *object) { if (object) g_object_unref(object); }
#endif
