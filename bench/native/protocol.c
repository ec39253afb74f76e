/*
 * nload's side of the file-download protocol (DESIGN.md): connect, `get NAME`, the size, an ack,
 * the body, the 32-hex MD5. Each failure is one line in error (printable ASCII, safe in JSON).
 */
#define _GNU_SOURCE
#include "protocol.h"
#include <ctype.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#define ACK "ok"

/* Copies what a peer sent into an error text: printable ASCII only, the rest as JSON's \u00XX
   escapes (not \xXX, which JSON refuses), so it is safe in one line and in nload's JSON line. */
void shown(char *out, size_t size, const char *bytes, size_t n) {
    size_t j = 0;
    for (size_t i = 0; i < n && j + 7 < size; i++) {
        unsigned char c = (unsigned char) bytes[i];
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') out[j++] = (char) c;
        else j += (size_t) snprintf(out + j, size - j, "\\u%04x", c);
    }
    out[j] = '\0';
}

int connect_server(const struct server *server, char *error) {
    int fd = socket(server->address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    if (fd < 0) { snprintf(error, ERROR_TEXT, "socket: %s", strerror(errno)); return -1; }
    struct timeval timeout = { .tv_sec = (time_t) server->timeout,
                               .tv_usec = (long) ((server->timeout - (double) (time_t) server->timeout) * 1e6) };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *) &server->address, server->address_length) != 0) {
        snprintf(error, ERROR_TEXT, "cannot connect to %s:%s: %s", server->host, server->port, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int send_all(int fd, const char *p, size_t n, char *error) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { snprintf(error, ERROR_TEXT, "send failed: %s", strerror(errno)); return -1; }
        p += w; n -= (size_t) w;
    }
    return 0;
}

static int receive(const struct server *server, int fd, char *buffer, size_t size, char *error, const char *what) {
    ssize_t n;
    while ((n = recv(fd, buffer, size, 0)) < 0 && errno == EINTR) {
    }
    if (n > 0) return (int) n;
    if (n == 0) snprintf(error, ERROR_TEXT, "server closed the connection while sending %s", what);
    else if (errno == EAGAIN) snprintf(error, ERROR_TEXT, "nothing received within %.1f s (waiting for %s)", server->timeout, what);
    else snprintf(error, ERROR_TEXT, "reading %s failed: %s", what, strerror(errno));
    return -1;
}

/* One exchange on fd; 0 when the whole file and a well-formed digest arrived. */
int exchange(const struct server *server, int fd, char *error) {
    char buffer[65536], text[ERROR_TEXT];
    if (send_all(fd, server->command, strlen(server->command), error) != 0) return -1;
    int n = receive(server, fd, buffer, 64, error, "the size");
    if (n < 0) return -1;
    long long size = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char) buffer[i]) || i > 15) {
            shown(text, 80, buffer, (size_t) n);
            snprintf(error, ERROR_TEXT, "server answered '%s' instead of a size", text);
            return -1;
        }
        size = size * 10 + (buffer[i] - '0');
    }
    if (send_all(fd, ACK, strlen(ACK), error) != 0) return -1;
    long long remaining = size + 32;
    char digest[32];
    while (remaining > 0) {
        size_t want = remaining < (long long) sizeof buffer ? (size_t) remaining : sizeof buffer;
        n = receive(server, fd, buffer, want, error, remaining > 32 ? "the body" : "the digest");
        if (n < 0) return -1;
        /* The digest is the last 32 bytes; copy the ones this read holds into place. */
        for (int i = 0; i < n; i++) {
            long long position = size + 32 - remaining + i;
            if (position >= size) digest[position - size] = buffer[i];
        }
        remaining -= n;
    }
    for (int i = 0; i < 32; i++) {
        if (!isxdigit((unsigned char) digest[i])) {
            shown(text, 80, digest, 32);
            snprintf(error, ERROR_TEXT, "digest '%s' is not 32 hex digits", text);
            return -1;
        }
    }
    return 0;
}
