// zlib for gRPC's gzip message encoding. deflateInit2 and inflateInit2 are macros (they pass the
// library version and struct size), which Swift cannot call: these wrappers can.
#ifndef DIC_CZLIB_SHIM_H
#define DIC_CZLIB_SHIM_H
#include <zlib.h>

static inline int czlib_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 16);
}
#endif
