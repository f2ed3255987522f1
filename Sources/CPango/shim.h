#ifndef QRBUILD_CPANGO_SHIM_H
#define QRBUILD_CPANGO_SHIM_H
// pango shapes a frame's text (any script, right-to-left included) with fontconfig's fonts.
#include <pango/pangocairo.h>

static inline void qrbuild_pango_unref(void *object) { if (object) g_object_unref(object); }
#endif
