// Swift cannot see function-like or computed macros; re-export the ones the transport needs.
#ifndef DIC_CNGHTTP2_SHIM_H
#define DIC_CNGHTTP2_SHIM_H
#include <nghttp2/nghttp2.h>

static const int32_t cnghttp2_initial_window_size = NGHTTP2_INITIAL_WINDOW_SIZE;
static const int32_t cnghttp2_max_window_size = NGHTTP2_MAX_WINDOW_SIZE;
static const uint32_t cnghttp2_initial_max_concurrent_streams = NGHTTP2_INITIAL_MAX_CONCURRENT_STREAMS;
#endif
