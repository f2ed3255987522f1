#ifndef QRBUILD_CLINUX_SHIM_H
#define QRBUILD_CLINUX_SHIM_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <fcntl.h>
#include <stdio.h>
#include <string.h> /* memrchr, a GNU extension */
#include <malloc.h> /* mallopt */

/* Keeps freed blocks up to `mmap_bytes` in the heap and the heap untrimmed up to
   `trim_bytes` (glibc's mallopt; M_* are macros Swift cannot import). */
static inline void qrbuild_keep_freed_memory(int mmap_bytes, int trim_bytes) {
#ifdef M_MMAP_THRESHOLD
    mallopt(M_MMAP_THRESHOLD, mmap_bytes);
    mallopt(M_TRIM_THRESHOLD, trim_bytes);
#else
    (void)mmap_bytes; (void)trim_bytes;
#endif
}
#if defined(__x86_64__)
#include <cpuid.h>
#endif

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
/* 1 if the processor has what an x86-64-v2 build uses (CPUID leaf 1: SSE3, SSSE3,
   CMPXCHG16B, SSE4.1, SSE4.2, POPCNT; leaf 0x80000001: LAHF/SAHF in 64-bit mode), so
   such a build can say so instead of dying on an illegal instruction; 1 elsewhere. */
static inline int qrbuild_cpu_runs_x86_64_v2(void) {
#if defined(__x86_64__)
    unsigned int a, b, c, d;
    const unsigned int leaf1 = 1u << 0 | 1u << 9 | 1u << 13 | 1u << 19 | 1u << 20 | 1u << 23;
    if (!__get_cpuid(1, &a, &b, &c, &d) || (c & leaf1) != leaf1) return 0;
    if (!__get_cpuid(0x80000001, &a, &b, &c, &d) || (c & 1u) == 0) return 0;
    return 1;
#else
    return 1;
#endif
}
#endif
