/* The file-download protocol for nload: one server's address and command, one exchange at a time. */
#ifndef NATIVE_PROTOCOL_H
#define NATIVE_PROTOCOL_H

#include <stddef.h>
#include <sys/socket.h>

#define ERROR_TEXT 200

struct server {
    char host[256], port[16], command[1100];
    struct sockaddr_storage address;
    socklen_t address_length;
    double timeout; /* seconds to wait for each read or write */
};

/* A connected socket with TCP_NODELAY and the timeouts, or -1 with the reason in error. */
int connect_server(const struct server *server, char *error);

/* One request on fd; 0 when the whole file and a well-formed digest arrived, else -1 and the reason. */
int exchange(const struct server *server, int fd, char *error);

/* What a peer sent, as printable ASCII without quotes or backslashes (others as \xNN). */
void shown(char *out, size_t size, const char *bytes, size_t n);

#endif
