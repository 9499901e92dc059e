// libpng (Debian: libpng-dev), used directly to read and write 8-bit RGB images.
//
// libpng reports errors by longjmp. A longjmp must never cross Swift frames, so the setjmp
// lives here, in C: these functions return 0 on success, or non-zero with a message in `error`
// (at least 256 bytes), and never jump out.
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { const unsigned char *data; size_t size; size_t offset; } convlab_png_source;
typedef struct { unsigned char *data; size_t size; size_t capacity; } convlab_png_sink;

static void convlab_png_on_error(png_structp png, png_const_charp message) {
    char *error = (char *)png_get_error_ptr(png);
    strncpy(error, message, 255);
    error[255] = 0;
    png_longjmp(png, 1);
}

static void convlab_png_on_warning(png_structp png, png_const_charp message) { (void)png; (void)message; }

static void convlab_png_read(png_structp png, png_bytep out, png_size_t length) {
    convlab_png_source *source = (convlab_png_source *)png_get_io_ptr(png);
    if (length > source->size - source->offset) png_error(png, "the data ends before the image does (truncated PNG)");
    memcpy(out, source->data + source->offset, length);
    source->offset += length;
}

static void convlab_png_write(png_structp png, png_bytep in, png_size_t length) {
    convlab_png_sink *sink = (convlab_png_sink *)png_get_io_ptr(png);
    if (sink->size + length > sink->capacity) {
        size_t capacity = (sink->capacity + length) * 2;
        unsigned char *grown = (unsigned char *)realloc(sink->data, capacity);
        if (!grown) png_error(png, "out of memory");
        sink->data = grown;
        sink->capacity = capacity;
    }
    memcpy(sink->data + sink->size, in, length);
    sink->size += length;
}

static void convlab_png_flush(png_structp png) { (void)png; }

/// Decodes PNG bytes of any colour type and depth to 8-bit RGB (palette and grey expanded,
/// 16-bit scaled, alpha dropped). On success *pixels is malloc'd; free it with free(). An image
/// whose header declares more than max_pixels pixels is refused before anything is allocated
/// for it (returns 2; *width and *height hold what it declared).
static inline int convlab_png_decode_rgb8(const unsigned char *data, size_t size, size_t max_pixels,
                                          unsigned char **pixels, unsigned int *width, unsigned int *height,
                                          char *error) {
    *pixels = NULL;
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        strcpy(error, "not a PNG file (the signature is wrong)");
        return 1;
    }
    png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, error, convlab_png_on_error, convlab_png_on_warning);
    if (!png) { strcpy(error, "out of memory"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_read_struct(&png, NULL, NULL); strcpy(error, "out of memory"); return 1; }
    unsigned char *volatile image = NULL;
    png_bytep *volatile rows = NULL;
    convlab_png_source source = { data, size, 0 };
    if (setjmp(png_jmpbuf(png))) {
        free(image);
        free(rows);
        png_destroy_read_struct(&png, &info, NULL);
        return 1;
    }
    png_set_read_fn(png, &source, convlab_png_read);
    png_read_info(png, info);
    png_uint_32 w = png_get_image_width(png, info), h = png_get_image_height(png, info);
    if ((size_t)w * h > max_pixels) {
        *width = w;
        *height = h;
        snprintf(error, 256, "it declares %u×%u pixels, over the limit of %zu", w, h, max_pixels);
        png_destroy_read_struct(&png, &info, NULL);
        return 2;
    }
    if (w == 0 || h == 0 || w > 16384 || h > 16384) png_error(png, "image size out of range (1 to 16384 pixels a side)");
    png_set_scale_16(png);
    png_set_palette_to_rgb(png);
    png_set_expand_gray_1_2_4_to_8(png);
    png_set_gray_to_rgb(png);
    png_set_strip_alpha(png);
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    if (png_get_rowbytes(png, info) != (size_t)w * 3) png_error(png, "unsupported pixel format");
    image = (unsigned char *)malloc((size_t)w * h * 3);
    rows = (png_bytep *)malloc(sizeof(png_bytep) * h);
    if (!image || !rows) png_error(png, "out of memory");
    for (png_uint_32 y = 0; y < h; y++) rows[y] = image + (size_t)y * w * 3;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    png_destroy_read_struct(&png, &info, NULL);
    *pixels = image;
    *width = w;
    *height = h;
    return 0;
}

/// Encodes 8-bit RGB pixels (rows top to bottom) losslessly. On success *png is malloc'd.
static inline int convlab_png_encode_rgb8(const unsigned char *pixels, unsigned int width, unsigned int height,
                                          unsigned char **out, size_t *size, char *error) {
    *out = NULL;
    *size = 0;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, error, convlab_png_on_error, convlab_png_on_warning);
    if (!png) { strcpy(error, "out of memory"); return 1; }
    png_infop info = png_create_info_struct(png);
    if (!info) { png_destroy_write_struct(&png, NULL); strcpy(error, "out of memory"); return 1; }
    convlab_png_sink sink = { NULL, 0, 0 };
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(sink.data);
        free(rows);
        png_destroy_write_struct(&png, &info);
        return 1;
    }
    png_set_write_fn(png, &sink, convlab_png_write, convlab_png_flush);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    rows = (png_bytep *)malloc(sizeof(png_bytep) * height);
    if (!rows) png_error(png, "out of memory");
    for (unsigned int y = 0; y < height; y++) rows[y] = (png_bytep)(pixels + (size_t)y * width * 3);
    png_set_rows(png, info, rows);
    png_write_png(png, info, PNG_TRANSFORM_IDENTITY, NULL);
    free(rows);
    png_destroy_write_struct(&png, &info);
    *out = sink.data;
    *size = sink.size;
    return 0;
}
