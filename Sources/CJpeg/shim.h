#ifndef QRBUILD_CJPEG_SHIM_H
#define QRBUILD_CJPEG_SHIM_H
// libjpeg-turbo decodes JPEG logos, from memory. gdk-pixbuf's JPEG loader feeds libjpeg
// through a suspending source, and on some truncated arithmetic-coded files libjpeg then
// never returns (FuzzLogo found a 228-byte one). libjpeg's memory source ends short data
// with a fake end-of-image marker, as djpeg's file source does, and always finishes.
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <setjmp.h>
#include <jpeglib.h>

/// Real photographs have about ten scans; a progressive file can declare thousands, each
/// a pass over the whole image. More than this many is refused.
#define QRBUILD_JPEG_MOST_SCANS 100

/// A decoded JPEG, or what was wrong with it.
typedef struct {
    /// The size in pixels, as the header gives it (set when a too-large image is refused too).
    int width, height;
    /// `width` × `height` RGB triples, row by row; free with `qrbuild_jpeg_free`.
    unsigned char *rgb;
    /// Why the file was refused, in libjpeg's words.
    char message[JMSG_LENGTH_MAX];
} qrbuild_jpeg_image;

/// libjpeg's error manager, with where to return to and the message.
typedef struct {
    struct jpeg_error_mgr manager;
    struct jpeg_progress_mgr progress;
    jmp_buf escape;
    char message[JMSG_LENGTH_MAX];
} qrbuild_jpeg_failure;

/// libjpeg calls this on a fatal error; its default would exit the process.
static void qrbuild_jpeg_error_exit(j_common_ptr info) {
    qrbuild_jpeg_failure *failure = (qrbuild_jpeg_failure *)info->err;
    info->err->format_message(info, failure->message);
    longjmp(failure->escape, 1);
}

/// Warnings (corrupt data, a premature end) would go to stderr: a damaged logo that still
/// decodes is drawn, as other viewers draw it.
static void qrbuild_jpeg_quiet(j_common_ptr info) { (void)info; }

/// Refuses a file once it has more scans than `QRBUILD_JPEG_MOST_SCANS`.
static void qrbuild_jpeg_count_scans(j_common_ptr info) {
    if (!info->is_decompressor) return;
    j_decompress_ptr decompress = (j_decompress_ptr)info;
    if (decompress->input_scan_number <= QRBUILD_JPEG_MOST_SCANS) return;
    qrbuild_jpeg_failure *failure = (qrbuild_jpeg_failure *)info->err;
    snprintf(failure->message, sizeof failure->message, "more than %d scans", QRBUILD_JPEG_MOST_SCANS);
    longjmp(failure->escape, 1);
}

/// Decodes the JPEG in `bytes` to RGB.
///
/// Returns 0 with `image->rgb` set; 1 when `usable` (the caller's rule) refuses the size the
/// header gives, before anything that size is allocated; -1 with `image->message` when the
/// file cannot be read. Complexity: O(`count` + pixels × scans).
static inline int qrbuild_jpeg_decode(const unsigned char *bytes, unsigned long count, int (*usable)(long, long),
                                      qrbuild_jpeg_image *image) {
    struct jpeg_decompress_struct info;
    qrbuild_jpeg_failure failure;
    // Set after setjmp and read after longjmp, so kept out of registers.
    unsigned char *volatile rgb = NULL;
    memset(image, 0, sizeof *image);
    // Zeroed first: a failure inside jpeg_create_decompress leaves `info.mem` as it was.
    memset(&info, 0, sizeof info);
    failure.message[0] = 0;
    info.err = jpeg_std_error(&failure.manager);
    failure.manager.error_exit = qrbuild_jpeg_error_exit;
    failure.manager.output_message = qrbuild_jpeg_quiet;
    if (setjmp(failure.escape)) {
        jpeg_destroy_decompress(&info);
        free(rgb);
        memcpy(image->message, failure.message, sizeof image->message);
        return -1;
    }
    jpeg_create_decompress(&info);
    failure.progress.progress_monitor = qrbuild_jpeg_count_scans;
    info.progress = &failure.progress;
    // Coefficient buffers of a progressive image stay within this; larger fails cleanly.
    info.mem->max_memory_to_use = 256L << 20;
    jpeg_mem_src(&info, bytes, count);
    jpeg_read_header(&info, TRUE);
    image->width = (int)info.image_width;
    image->height = (int)info.image_height;
    if (!usable(image->width, image->height)) {
        jpeg_destroy_decompress(&info);
        return 1;
    }
    // libjpeg turns grey and YCbCr into RGB itself, but not CMYK: that comes out as
    // (Adobe's inverted) CMYK and is converted below.
    int cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    info.out_color_space = cmyk ? JCS_CMYK : JCS_RGB;
    jpeg_start_decompress(&info);
    size_t width = info.output_width, height = info.output_height, channels = (size_t)info.output_components;
    rgb = calloc(width * height, 3);
    if (rgb == NULL) {
        snprintf(failure.message, sizeof failure.message, "out of memory for %zu×%zu pixels", width, height);
        longjmp(failure.escape, 1);
    }
    JSAMPARRAY row = info.mem->alloc_sarray((j_common_ptr)&info, JPOOL_IMAGE, (JDIMENSION)(width * channels), 1);
    while (info.output_scanline < info.output_height) {
        size_t y = info.output_scanline;
        // A memory source never suspends, so each call gives a row; a zero would be a
        // libjpeg fault, and leaves the rest of the image blank rather than spinning.
        if (jpeg_read_scanlines(&info, row, 1) != 1) break;
        unsigned char *out = rgb + y * width * 3;
        const unsigned char *in = row[0];
        for (size_t x = 0; x < width; x++, in += channels, out += 3) {
            if (cmyk) {
                out[0] = (unsigned char)(in[3] * in[0] / 255);
                out[1] = (unsigned char)(in[3] * in[1] / 255);
                out[2] = (unsigned char)(in[3] * in[2] / 255);
            } else {
                out[0] = in[0];
                out[1] = in[1];
                out[2] = in[2];
            }
        }
    }
    image->width = (int)width;
    image->height = (int)height;
    // Not jpeg_finish_decompress: it would read on to the end marker and fail on trailing
    // junk after a complete image.
    jpeg_destroy_decompress(&info);
    image->rgb = rgb;
    return 0;
}

/// The message of a refused file.
static inline const char *qrbuild_jpeg_message(const qrbuild_jpeg_image *image) { return image->message; }

/// Frees a decoded image's pixels.
static inline void qrbuild_jpeg_free(qrbuild_jpeg_image *image) {
    free(image->rgb);
    image->rgb = NULL;
}
#endif
