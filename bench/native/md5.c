/*
 * md5_fd_hex for nserve. With -DHAVE_LIBCRYPTO it is OpenSSL's EVP MD5; without, a compact
 * implementation of RFC 1321 written for this project (public domain), so that the peer builds
 * with nothing but gcc and libc.
 */
#include "md5.h"
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define CHUNK 65536

#ifdef HAVE_LIBCRYPTO
#include <openssl/evp.h>

int md5_fd_hex(int fd, char hex[33]) {
    unsigned char buffer[CHUNK], digest[16];
    EVP_MD_CTX *context = EVP_MD_CTX_new();
    int result = context && EVP_DigestInit_ex(context, EVP_md5(), NULL) ? 0 : -1;
    off_t offset = 0;
    ssize_t n;
    while (result == 0 && (n = pread(fd, buffer, sizeof buffer, offset)) > 0) {
        EVP_DigestUpdate(context, buffer, (size_t) n);
        offset += n;
    }
    if (result == 0 && (n < 0 || !EVP_DigestFinal_ex(context, digest, NULL))) result = -1;
    EVP_MD_CTX_free(context);
    for (int i = 0; result == 0 && i < 16; i++) sprintf(hex + 2 * i, "%02x", digest[i]);
    return result;
}

#else

/* Per-round shift amounts and the sine-derived constants of RFC 1321, section 3.4. */
static const uint8_t SHIFT[64] = {
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
static const uint32_t K[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};

static void block(uint32_t state[4], const unsigned char *p) {
    uint32_t m[16], a = state[0], b = state[1], c = state[2], d = state[3];
    for (int i = 0; i < 16; i++) {
        m[i] = (uint32_t) p[4 * i] | (uint32_t) p[4 * i + 1] << 8 | (uint32_t) p[4 * i + 2] << 16 | (uint32_t) p[4 * i + 3] << 24;
    }
    for (int i = 0; i < 64; i++) {
        uint32_t f;
        int g;
        if (i < 16) { f = (b & c) | (~b & d); g = i; }
        else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
        else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
        else { f = c ^ (b | ~d); g = (7 * i) % 16; }
        uint32_t sum = a + f + K[i] + m[g];
        a = d; d = c; c = b;
        b = b + (sum << SHIFT[i] | sum >> (32 - SHIFT[i]));
    }
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
}

int md5_fd_hex(int fd, char hex[33]) {
    uint32_t state[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
    unsigned char buffer[CHUNK + 128];
    uint64_t total = 0;
    off_t offset = 0;
    size_t held = 0;
    ssize_t n;
    while ((n = pread(fd, buffer + held, CHUNK - held, offset)) > 0) {
        offset += n; total += (uint64_t) n; held += (size_t) n;
        size_t whole = held - held % 64;
        for (size_t i = 0; i < whole; i += 64) block(state, buffer + i);
        memmove(buffer, buffer + whole, held - whole);
        held -= whole;
    }
    if (n < 0) return -1;
    buffer[held++] = 0x80;
    while (held % 64 != 56) buffer[held++] = 0;
    uint64_t bits = total * 8;
    for (int i = 0; i < 8; i++) buffer[held++] = (unsigned char) (bits >> (8 * i));
    for (size_t i = 0; i < held; i += 64) block(state, buffer + i);
    for (int i = 0; i < 16; i++) sprintf(hex + 2 * i, "%02x", (unsigned) (state[i / 4] >> (8 * (i % 4)) & 0xff));
    return 0;
}

#endif
