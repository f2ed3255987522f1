#ifndef QRBUILD_CLINUX_SHIM_H
#define QRBUILD_CLINUX_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>

/* Swaps two paths in one step (renameat2 with RENAME_EXCHANGE, Linux 3.15+), so a
   reader sees the old build output or the new one, never neither. Returns -1 and sets
   errno where the kernel or file system does not support it. */
static inline int qrbuild_exchange_paths(const char *first, const char *second) {
#ifdef RENAME_EXCHANGE
    return renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
    (void)first; (void)second;
    return -1;
#endif
}
#endif
