#define _GNU_SOURCE
#include <fcntl.h>

#include "FileSystem.h"

int quarry_start_write_back(int fd, long long offset, long long count) {
    return sync_file_range(fd, (off_t)offset, (off_t)count, SYNC_FILE_RANGE_WRITE);
}
