/* zlib for Swift: inflateInit2 and deflateInit2 are macros, which Swift cannot call. */
#ifndef QUARRY_CZLIB_SHIM_H
#define QUARRY_CZLIB_SHIM_H
#include <zlib.h>

/* Reads gzip or zlib streams (15 window bits + 32: detect the header). */
static inline int quarry_inflate_init(z_stream *stream) { return inflateInit2(stream, 15 + 32); }
/* Writes a gzip stream (15 window bits + 16: gzip header). */
static inline int quarry_deflate_init(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
#endif
