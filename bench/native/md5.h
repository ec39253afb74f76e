/* MD5 of a whole file for nserve: OpenSSL's libcrypto when the build found it, else md5.c's own. */
#ifndef NATIVE_MD5_H
#define NATIVE_MD5_H

/* Reads fd from offset 0 to its end (pread: the file position is left alone); writes 32 hex digits
 * and a NUL to hex. Returns 0, or -1 on a read error. */
int md5_fd_hex(int fd, char hex[33]);

#endif
