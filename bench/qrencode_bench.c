/* libqrencode on the benchmark workload: bench/run.sh compiles and runs it.
 * Usage: qrencode_bench matrix|svg|png URLS_FILE [ROUNDS]
 * matrix: QRcode_encodeString at ECC M (8-bit mode, case-sensitive), as the qrencode tool does.
 * svg:    the same, then one SVG path string of horizontal runs, like our renderer writes.
 * png:    the same, then a 1-bit greyscale PNG in memory with libpng, 10 px per module, margin 4.
 * Prints the best round: "MODE codes/s checksum". */
#include <png.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct { unsigned char *data; size_t size, capacity; } Buffer;

static void buffer_append(Buffer *b, const void *data, size_t n) {
    if (b->size + n > b->capacity) {
        b->capacity = (b->size + n) * 2;
        b->data = realloc(b->data, b->capacity);
        if (!b->data) { perror("realloc"); exit(1); }
    }
    memcpy(b->data + b->size, data, n);
    b->size += n;
}

static void png_write_to_buffer(png_structp png, png_bytep data, png_size_t n) {
    buffer_append((Buffer *)png_get_io_ptr(png), data, n);
}
static void png_flush_nothing(png_structp png) { (void)png; }

static size_t render_svg(const QRcode *code, Buffer *out) {
    char piece[64];
    int w = code->width, margin = 4, total = w + 2 * margin;
    out->size = 0;
    int n = snprintf(piece, sizeof piece, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" ", total, total);
    buffer_append(out, piece, n);
    const char *head = "shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/><path fill=\"#000000\" d=\"";
    buffer_append(out, head, strlen(head));
    for (int y = 0; y < w; y++) {
        for (int x = 0; x < w;) {
            if (!(code->data[y * w + x] & 1)) { x++; continue; }
            int start = x;
            while (x < w && (code->data[y * w + x] & 1)) x++;
            n = snprintf(piece, sizeof piece, "M%d %dh%dv1H%dz", start + margin, y + margin, x - start, start + margin);
            buffer_append(out, piece, n);
        }
    }
    buffer_append(out, "\"/></svg>\n", 10);
    return out->size;
}

static size_t render_png(const QRcode *code, Buffer *out) {
    int scale = 10, margin = 4, w = code->width, size = (w + 2 * margin) * scale;
    int row_bytes = (size + 7) / 8;
    unsigned char *row = malloc(row_bytes);
    out->size = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
    png_infop info = png_create_info_struct(png);
    if (setjmp(png_jmpbuf(png))) { fprintf(stderr, "libpng failed\n"); exit(1); }
    png_set_write_fn(png, out, png_write_to_buffer, png_flush_nothing);
    png_set_IHDR(png, info, size, size, 1, PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, info);
    for (int py = 0; py < size; py++) {
        int my = py / scale - margin;
        memset(row, 0xFF, row_bytes);
        if (my >= 0 && my < w) {
            for (int px = 0; px < size; px++) {
                int mx = px / scale - margin;
                if (mx >= 0 && mx < w && (code->data[my * w + mx] & 1)) row[px >> 3] &= ~(0x80 >> (px & 7));
            }
        }
        png_write_row(png, row);
    }
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
    free(row);
    return out->size;
}

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s matrix|svg|png URLS_FILE [ROUNDS]\n", argv[0]); return 64; }
    const char *mode = argv[1];
    int rounds = argc > 3 ? atoi(argv[3]) : 5;
    FILE *file = fopen(argv[2], "r");
    if (!file) { perror(argv[2]); return 66; }
    char **urls = NULL;
    size_t count = 0, capacity = 0;
    char line[4096];
    while (fgets(line, sizeof line, file)) {
        line[strcspn(line, "\n")] = 0;
        if (count == capacity) { capacity = capacity ? capacity * 2 : 1024; urls = realloc(urls, capacity * sizeof *urls); }
        urls[count++] = strdup(line);
    }
    fclose(file);
    Buffer out = {0};
    double best = 1e30;
    long checksum = 0;
    for (int r = 0; r < rounds; r++) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        checksum = 0;
        for (size_t i = 0; i < count; i++) {
            QRcode *code = QRcode_encodeString(urls[i], 0, QR_ECLEVEL_M, QR_MODE_8, 1);
            if (!code) { perror("QRcode_encodeString"); return 1; }
            if (!strcmp(mode, "matrix")) checksum += code->width * code->width;
            else if (!strcmp(mode, "svg")) checksum += render_svg(code, &out);
            else if (!strcmp(mode, "png")) checksum += render_png(code, &out);
            else { fprintf(stderr, "unknown mode %s\n", mode); return 64; }
            QRcode_free(code);
        }
        clock_gettime(CLOCK_MONOTONIC, &end);
        double seconds = (end.tv_sec - start.tv_sec) + (end.tv_nsec - start.tv_nsec) / 1e9;
        if (seconds < best) best = seconds;
    }
    printf("%s %ld %ld\n", mode, (long)(count / best), checksum);
    return 0;
}
