#ifndef QRBUILD_CARCHIVE_SHIM_H
#define QRBUILD_CARCHIVE_SHIM_H
#include <archive.h>
#include <archive_entry.h>

/* AE_IFREG is a macro with a cast, which Swift does not import. */
static inline unsigned int qrbuild_AE_IFREG(void) { return AE_IFREG; }
#endif
