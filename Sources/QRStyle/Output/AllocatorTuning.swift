import CLinux

/// Keeps freed memory for the next styled image instead of handing it back to the kernel.
///
/// Each styled PNG needs a few large buffers (cairo's pixels, the paths, the PNG rows)
/// that are freed when it is done. glibc gives such blocks back to the kernel and takes
/// them again for the next image, and every page is then faulted in afresh: ten times the
/// page faults and a tenth more time on a styled build (measured). Raising the thresholds
/// keeps them in the heap; peak memory is unchanged, since the next image reuses them.
enum AllocatorTuning {
    static let applied: Void = {
        qrbuild_keep_freed_memory(16 << 20, 64 << 20)
    }()
}
