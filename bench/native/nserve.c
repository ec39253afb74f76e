/*
 * nserve: the native peer of `make compare` (the "limit" row). Serves the file-download protocol
 * (DESIGN.md) from ROOT with a thread per connection, sendfile(2) for the body, TCP_NODELAY, a
 * confined open from the root (openat2 RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS, else a component-wise
 * O_NOFOLLOW openat walk) and an MD5 remembered per device/inode/size/mtime, as the Java handler does.
 *
 * Usage: nserve [-p PORT] [-b ADDRESS] ROOT   (port 0 picks a free one; prints "port N" when listening)
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "md5.h"

#define MAX_COMMAND 1024
#define DIGEST_SLOTS 1024

static int root_fd;

/* One remembered digest; a slot is reused when another file version hashes to it. */
struct digest_slot { dev_t dev; ino_t ino; off_t size; struct timespec mtime; int valid; char hex[33]; };
static struct digest_slot digests[DIGEST_SLOTS];
static pthread_mutex_t digests_lock = PTHREAD_MUTEX_INITIALIZER;

static int same_version(const struct digest_slot *s, const struct stat *st) {
    return s->valid && s->dev == st->st_dev && s->ino == st->st_ino && s->size == st->st_size
        && s->mtime.tv_sec == st->st_mtim.tv_sec && s->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* The file's MD5 as lowercase hex; computed once per version, outside the lock. */
static int file_md5(int fd, const struct stat *st, char hex[33]) {
    struct digest_slot *slot = &digests[(st->st_ino ^ st->st_dev) % DIGEST_SLOTS];
    pthread_mutex_lock(&digests_lock);
    int hit = same_version(slot, st);
    if (hit) memcpy(hex, slot->hex, 33);
    pthread_mutex_unlock(&digests_lock);
    if (hit) return 0;
    if (md5_fd_hex(fd, hex) != 0) return -1;
    pthread_mutex_lock(&digests_lock);
    slot->dev = st->st_dev; slot->ino = st->st_ino; slot->size = st->st_size; slot->mtime = st->st_mtim;
    memcpy(slot->hex, hex, 33); slot->valid = 1;
    pthread_mutex_unlock(&digests_lock);
    return 0;
}

static int write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w < 0) { if (errno == EINTR) continue; return -1; }
        p += w; n -= (size_t) w;
    }
    return 0;
}

static int reply_error(int conn, const char *reason, const char *name) {
    char line[320];
    int n = snprintf(line, sizeof line, "ERR %s%s%.200s\n", reason, name ? ": " : "", name ? name : "");
    return write_all(conn, line, (size_t) (n < (int) sizeof line ? n : (int) sizeof line - 1));
}

/* Component-wise confined open: every step O_NOFOLLOW from the previous directory. */
static int open_walk(const char *name) {
    char copy[MAX_COMMAND + 1];
    snprintf(copy, sizeof copy, "%s", name);
    int dir = dup(root_fd);
    char *save = NULL;
    char *part = strtok_r(copy, "/", &save);
    while (part != NULL && dir >= 0) {
        char *next = strtok_r(NULL, "/", &save);
        int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (next ? O_DIRECTORY : 0);
        int fd = strcmp(part, ".") == 0 ? dup(dir) : openat(dir, part, flags);
        int saved = errno;
        close(dir);
        errno = saved;
        dir = fd;
        part = next;
    }
    return dir;
}

static int open_confined(const char *name) {
    static int have_openat2 = 1;
    if (have_openat2) {
        struct open_how how = { .flags = O_RDONLY | O_CLOEXEC | O_NOFOLLOW,
                                .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS };
        int fd = (int) syscall(SYS_openat2, root_fd, name, &how, sizeof how);
        if (fd >= 0 || errno != ENOSYS) return fd;
        have_openat2 = 0;
    }
    return open_walk(name);
}

/* The handler's name checks (SafePaths.checkName): non-empty, no control characters, relative, no "..". */
static const char *name_problem(const char *name) {
    if (*name == '\0') return "empty file name";
    for (const unsigned char *c = (const unsigned char *) name; *c; c++) {
        if (*c < 0x20 || *c == 0x7f) return "file name contains a control character";
    }
    if (name[0] == '/') return "absolute paths are not served";
    for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2) {
        int starts = p == name || p[-1] == '/';
        int ends = p[2] == '\0' || p[2] == '/';
        if (starts && ends) return "'..' is not allowed in a file name";
    }
    return NULL;
}

/* One request; returns 0 to keep the connection, -1 to close it. */
static int serve_one(int conn, char *command, ssize_t length) {
    if (memchr(command, '\0', (size_t) length)) return reply_error(conn, "file name contains NUL", NULL);
    command[length] = '\0';
    char *newline = strchr(command, '\n');
    if (newline) *newline = '\0';
    size_t end = strlen(command);
    if (end > 0 && command[end - 1] == '\r') command[end - 1] = '\0';
    if (strncmp(command, "get ", 4) != 0) return reply_error(conn, "unknown command, expected 'get NAME'", NULL);
    const char *name = command + 4;
    const char *problem = name_problem(name);
    if (problem) return reply_error(conn, problem, name);
    int fd = open_confined(name);
    if (fd < 0) {
        const char *why = errno == ENOENT ? "no such file" : errno == EACCES ? "permission denied"
            : (errno == EXDEV || errno == ELOOP) ? "outside the served directory" : "cannot open";
        return reply_error(conn, why, name);
    }
    struct stat before, after;
    char hex[33], size_text[32];
    if (fstat(fd, &before) != 0 || !S_ISREG(before.st_mode)) {
        close(fd);
        return reply_error(conn, S_ISDIR(before.st_mode) ? "is a directory" : "not a regular file", name);
    }
    if (file_md5(fd, &before, hex) != 0) { close(fd); return reply_error(conn, "cannot read", name); }
    int n = snprintf(size_text, sizeof size_text, "%lld", (long long) before.st_size);
    int result = -1;
    char ack[MAX_COMMAND];
    if (write_all(conn, size_text, (size_t) n) == 0 && recv(conn, ack, sizeof ack, 0) > 0) {
        off_t offset = 0;
        while (offset < before.st_size) {
            ssize_t sent = sendfile(conn, fd, &offset, (size_t) (before.st_size - offset));
            if (sent <= 0 && errno != EINTR) break;
        }
        /* A file that changed while it was sent gets no digest: the client sees a cut, not a wrong file. */
        if (offset == before.st_size && fstat(fd, &after) == 0 && after.st_size == before.st_size
                && after.st_mtim.tv_sec == before.st_mtim.tv_sec && after.st_mtim.tv_nsec == before.st_mtim.tv_nsec) {
            result = write_all(conn, hex, 32);
        }
    }
    close(fd);
    return result;
}

static void *connection_thread(void *arg) {
    int conn = (int) (intptr_t) arg;
    pthread_setname_np(pthread_self(), "nserve-conn");
    char command[MAX_COMMAND + 1];
    ssize_t n;
    while ((n = recv(conn, command, MAX_COMMAND, 0)) > 0) {
        if (serve_one(conn, command, n) != 0) break;
    }
    close(conn);
    return NULL;
}

int main(int argc, char **argv) {
    int port = 0, opt;
    const char *bind_address = "127.0.0.1";
    while ((opt = getopt(argc, argv, "p:b:")) != -1) {
        if (opt == 'p') port = atoi(optarg);
        else if (opt == 'b') bind_address = optarg;
        else { fprintf(stderr, "usage: nserve [-p PORT] [-b ADDRESS] ROOT\n"); return 2; }
    }
    if (optind != argc - 1) { fprintf(stderr, "nserve: usage: nserve [-p PORT] [-b ADDRESS] ROOT\n"); return 2; }
    root_fd = open(argv[optind], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (root_fd < 0) { fprintf(stderr, "nserve: cannot open root %s: %s\n", argv[optind], strerror(errno)); return 1; }
    struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons((uint16_t) port) };
    if (inet_pton(AF_INET, bind_address, &address.sin_addr) != 1) {
        fprintf(stderr, "nserve: not an IPv4 address: %s\n", bind_address); return 2;
    }
    int listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (bind(listener, (struct sockaddr *) &address, sizeof address) != 0 || listen(listener, 4096) != 0) {
        fprintf(stderr, "nserve: cannot listen on %s:%d: %s\n", bind_address, port, strerror(errno)); return 1;
    }
    socklen_t length = sizeof address;
    getsockname(listener, (struct sockaddr *) &address, &length);
    printf("port %d\n", ntohs(address.sin_port));
    fflush(stdout);
    signal(SIGPIPE, SIG_IGN);
    pthread_attr_t attributes;
    pthread_attr_init(&attributes);
    pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&attributes, 256 * 1024);
    for (;;) {
        int conn = accept4(listener, NULL, NULL, SOCK_CLOEXEC);
        if (conn < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) { usleep(10000); continue; }
            fprintf(stderr, "nserve: accept failed: %s\n", strerror(errno)); return 1;
        }
        setsockopt(conn, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        pthread_t thread;
        if (pthread_create(&thread, &attributes, connection_thread, (void *) (intptr_t) conn) != 0) close(conn);
    }
}
