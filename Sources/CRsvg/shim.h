#ifndef QRBUILD_CRSVG_SHIM_H
#define QRBUILD_CRSVG_SHIM_H
// librsvg reads SVG logos and draws them with cairo; gdk-pixbuf decodes PNG and JPEG logos.
#define RSVG_DISABLE_DEPRECATION_WARNINGS 1
#include <librsvg/rsvg.h>
#include <gdk-pixbuf/gdk-pixbuf.h>

/// g_object_unref takes a gpointer; this keeps the call typed for Swift.
static inline void qrbuild_unref(void *object) { if (object) g_object_unref(object); }
/// What a gdk-pixbuf loader said about an image's size before decoding it, and the rule
/// (the caller's) for which sizes it may go on to decode.
typedef struct {
    int width, height;
    int (*usable)(long width, long height);
} qrbuild_pixbuf_limit;

/// The loader's size-prepared handler: records the size, and for an image the rule refuses
/// asks for 0×0, which gdk-pixbuf's loaders take as "stop before allocating".
static void qrbuild_pixbuf_size_prepared(GdkPixbufLoader *loader, int width, int height, gpointer data) {
    qrbuild_pixbuf_limit *limit = data;
    limit->width = width;
    limit->height = height;
    if (!limit->usable(width, height)) gdk_pixbuf_loader_set_size(loader, 0, 0);
}

/// Makes `loader` refuse images of more pixels than `limit` allows; `limit` must outlive it.
static inline void qrbuild_pixbuf_limit_size(GdkPixbufLoader *loader, qrbuild_pixbuf_limit *limit) {
    g_signal_connect(loader, "size-prepared", G_CALLBACK(qrbuild_pixbuf_size_prepared), limit);
}
#endif
