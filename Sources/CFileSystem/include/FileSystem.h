/* File-system calls that Swift's C library module leaves out (GNU extensions). */
#ifndef QUARRY_FILE_SYSTEM_H
#define QUARRY_FILE_SYSTEM_H

/* Starts writing `count` bytes of `fd` from `offset` to the disk and returns without waiting
   (sync_file_range with SYNC_FILE_RANGE_WRITE): 0, or -1 with errno set. */
int quarry_start_write_back(int fd, long long offset, long long count);

#endif
