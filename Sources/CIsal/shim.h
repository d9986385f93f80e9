/* The gzip decompressor of the Intelligent Storage Acceleration Library (Debian's libisal-dev):
   several times faster than zlib's inflate, and streaming. */
#ifndef QUARRY_CISAL_SHIM_H
#define QUARRY_CISAL_SHIM_H
#include <isa-l/igzip_lib.h>
#endif
