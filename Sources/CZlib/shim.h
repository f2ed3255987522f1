#ifndef QRBUILD_CZLIB_SHIM_H
#define QRBUILD_CZLIB_SHIM_H
#include <zlib.h>

/* deflateInit2 is a macro (it passes the library version and stream size),
   so Swift cannot call it directly. */
static inline int qrbuild_deflateInit2(z_streamp stream, int level, int method,
                                       int windowBits, int memLevel, int strategy) {
    return deflateInit2(stream, level, method, windowBits, memLevel, strategy);
}
#endif
