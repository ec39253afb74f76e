/*
 * nload: the native load client of `make compare`. Speaks the file-download protocol (DESIGN.md):
 * `get NAME`, the size, an ack, the body, the 32-hex MD5. N client threads, each with its own
 * connection (kept, or a new one per request). Closed loop: each thread sends its next request when
 * the last one is done. Open loop: requests are due at a constant total rate and each latency is
 * counted from when the request was DUE, not when it was sent (wrk2's correction for coordinated
 * omission: a stalled server shows as queueing latency instead of slowing the client down).
 * Every latency is kept and sorted at the end. Prints a summary line and one JSON line. With -s FILE
 * it also writes every recorded request, in the order they fell due: when it fell due (ms after the
 * recorded window began), its latency and the time its connect() took (ms; 0 on a kept connection),
 * to see how a p99 came about: a few slow stretches, or slowness all along.
 *
 * Usage: nload [-m closed|open] [-r RATE] [-c CLIENTS] [-d SECONDS] [-w WARMUP_SECONDS]
 *              [-C kept|new] [-t TIMEOUT_SECONDS] [-s SERIES_FILE] HOST:PORT NAME
 * Exit: 0 all requests answered; 1 the server cannot be reached, does not speak the protocol, or
 * some requests failed (the summary is still printed); 2 bad arguments.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "protocol.h"

static struct {
    int open_loop, clients, new_connections;
    double rate, duration, warmup;
    struct server server;
    uint64_t start_ns, record_from_ns, end_ns;
    const char *series; /* -s: where every recorded request goes, or NULL */
    FILE *series_file;  /* opened before the run: a path that cannot be written fails at once */
} config = { .clients = 16, .duration = 5, .warmup = 0.5, .server = { .timeout = 10 } };

/* One recorded request, for -s. */
struct sample {
    uint64_t due, latency, connect; /* ns: since the recorded window began, from due to done, in connect() */
};

struct client {
    pthread_t thread;
    int index, conn;
    uint64_t *latencies;
    struct sample *samples; /* only with -s */
    uint64_t last_connect;  /* the last request's connect() time, ns; 0 when its connection was kept */
    size_t count, capacity, errors, missed, completed; /* completed: also those of the warm-up */
    char first_error[ERROR_TEXT];
};

static uint64_t now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t) t.tv_sec * 1000000000u + (uint64_t) t.tv_nsec;
}

static void sleep_until(uint64_t ns) {
    struct timespec t = { .tv_sec = (time_t) (ns / 1000000000u), .tv_nsec = (long) (ns % 1000000000u) };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR) {
    }
}

static void fail(int code, const char *format, ...) {
    va_list args;
    va_start(args, format);
    fputs("nload: ", stderr);
    vfprintf(stderr, format, args);
    fputc('\n', stderr);
    va_end(args);
    exit(code);
}

/* A request on the client's connection (opened when needed); the connection is dropped after a failure. */
static int request(struct client *c, char *error) {
    c->last_connect = 0;
    if (c->conn < 0) {
        uint64_t before = now_ns();
        if ((c->conn = connect_server(&config.server, error)) < 0) return -1;
        c->last_connect = now_ns() - before;
    }
    int result = exchange(&config.server, c->conn, error);
    if (result != 0 || config.new_connections) {
        close(c->conn);
        c->conn = -1;
    }
    return result;
}

static void record(struct client *c, uint64_t from, uint64_t done, int result, const char *error) {
    if (result == 0) c->completed++;
    if (from < config.record_from_ns) return;
    if (result != 0) {
        if (c->errors++ == 0) snprintf(c->first_error, ERROR_TEXT, "%s", error);
        return;
    }
    if (c->count == c->capacity) {
        c->capacity = c->capacity ? 2 * c->capacity : 4096;
        c->latencies = realloc(c->latencies, c->capacity * sizeof *c->latencies);
        if (!c->latencies) fail(1, "out of memory for latencies");
        if (config.series) {
            c->samples = realloc(c->samples, c->capacity * sizeof *c->samples);
            if (!c->samples) fail(1, "out of memory for the series");
        }
    }
    if (config.series) {
        c->samples[c->count] = (struct sample) { from - config.record_from_ns, done - from, c->last_connect };
    }
    c->latencies[c->count++] = done - from;
}

static void *client_loop(void *arg) {
    struct client *c = arg;
    char error[ERROR_TEXT];
    pthread_setname_np(pthread_self(), "nload-client");
    /* Open loop: this client's requests are due every clients/rate seconds, staggered by its index. */
    double interval = config.open_loop ? 1e9 * config.clients / config.rate : 0;
    uint64_t due = config.start_ns + (uint64_t) (c->index * 1e9 / (config.open_loop ? config.rate : 1e9));
    while (due < config.end_ns) {
        if (config.open_loop) sleep_until(due);
        uint64_t sent = now_ns();
        if (!config.open_loop) due = sent;
        if (sent >= config.end_ns) break;
        int result = request(c, error);
        uint64_t done = now_ns();
        record(c, due, done, result, error);
        if (result != 0 && c->conn < 0 && !config.open_loop) usleep(1000); /* no busy loop on a refusing server */
        if (config.open_loop) due += (uint64_t) interval;
        else due = done;
    }
    /* Requests that fell due but were never sent (the client was still waiting on the server). */
    if (config.open_loop) {
        for (; due < config.end_ns; due += (uint64_t) interval) {
            if (due >= config.record_from_ns) c->missed++;
        }
    }
    if (c->conn >= 0) close(c->conn);
    return NULL;
}

static int by_due(const void *a, const void *b) {
    uint64_t x = ((const struct sample *) a)->due, y = ((const struct sample *) b)->due;
    return (x > y) - (x < y);
}

/* -s: every recorded request of every client, in the order they fell due. */
static void write_series(const struct client *clients, size_t total) {
    struct sample *all = malloc((total ? total : 1) * sizeof *all);
    if (!all) fail(1, "out of memory for the series");
    size_t at = 0;
    for (int i = 0; i < config.clients; i++) {
        if (clients[i].count) memcpy(all + at, clients[i].samples, clients[i].count * sizeof *all);
        at += clients[i].count;
    }
    qsort(all, total, sizeof *all, by_due);
    FILE *out = config.series_file;
    fputs("# due_ms latency_ms connect_ms\n", out);
    for (size_t i = 0; i < total; i++) {
        fprintf(out, "%.3f %.3f %.3f\n", all[i].due / 1e6, all[i].latency / 1e6, all[i].connect / 1e6);
    }
    if (fclose(out) != 0) fail(1, "cannot write the series to %s: %s", config.series, strerror(errno));
    free(all);
}

static double number(const char *flag, const char *text) {
    char *end;
    errno = 0;
    double value = strtod(text, &end);
    if (errno || end == text || *end || !(value > 0) || value > 1e9) {
        fail(2, "%s must be a positive number, got '%s'", flag, text);
    }
    return value;
}

static int compare(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
    return (x > y) - (x < y);
}

static double percentile_ms(const uint64_t *sorted, size_t n, double q) {
    if (n == 0) return 0;
    size_t rank = (size_t) (q * (double) n + 0.999999);
    return (double) sorted[rank == 0 ? 0 : rank - 1] / 1e6;
}

static void parse_address(const char *text) {
    const char *colon = strrchr(text, ':');
    if (!colon || colon == text || !colon[1] || (size_t) (colon - text) >= sizeof config.server.host || strlen(colon + 1) >= sizeof config.server.port) {
        fail(2, "address must be HOST:PORT, got '%s'", text);
    }
    memcpy(config.server.host, text, (size_t) (colon - text));
    config.server.host[colon - text] = '\0';
    if (config.server.host[0] == '[' && config.server.host[strlen(config.server.host) - 1] == ']') {
        memmove(config.server.host, config.server.host + 1, strlen(config.server.host));
        config.server.host[strlen(config.server.host) - 1] = '\0';
    }
    snprintf(config.server.port, sizeof config.server.port, "%s", colon + 1);
    struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *found;
    int status = getaddrinfo(config.server.host, config.server.port, &hints, &found);
    if (status != 0) fail(1, "cannot resolve %s:%s: %s", config.server.host, config.server.port, gai_strerror(status));
    memcpy(&config.server.address, found->ai_addr, found->ai_addrlen);
    config.server.address_length = found->ai_addrlen;
    freeaddrinfo(found);
}

int main(int argc, char **argv) {
    int opt;
    const char *usage = "usage: nload [-m closed|open] [-r RATE] [-c CLIENTS] [-d SECONDS] [-w WARMUP_SECONDS] "
                        "[-C kept|new] [-t TIMEOUT_SECONDS] [-s SERIES_FILE] HOST:PORT NAME";
    const char *mode = "closed", *connection = "kept";
    int rate_given = 0;
    while ((opt = getopt(argc, argv, "m:r:c:d:w:C:t:s:")) != -1) {
        switch (opt) {
            case 'm': mode = optarg; break;
            case 'r': config.rate = number("rate (-r)", optarg); rate_given = 1; break;
            case 'c': config.clients = (int) number("clients (-c)", optarg); break;
            case 'd': config.duration = number("duration (-d)", optarg); break;
            case 'w': config.warmup = strcmp(optarg, "0") == 0 ? 0 : number("warmup (-w)", optarg); break;
            case 'C': connection = optarg; break;
            case 't': config.server.timeout = number("timeout (-t)", optarg); break;
            case 's': config.series = optarg; break;
            default: fail(2, "%s", usage);
        }
    }
    if (strcmp(mode, "closed") != 0 && strcmp(mode, "open") != 0) fail(2, "unknown mode '%s': expected closed or open", mode);
    if (strcmp(connection, "kept") != 0 && strcmp(connection, "new") != 0) {
        fail(2, "unknown connection '%s': expected kept or new", connection);
    }
    config.open_loop = strcmp(mode, "open") == 0;
    config.new_connections = strcmp(connection, "new") == 0;
    if (config.open_loop && !rate_given) fail(2, "open loop needs a rate: -r REQUESTS_PER_SECOND");
    if (!config.open_loop && rate_given) fail(2, "a rate (-r) needs the open loop: -m open");
    if (config.clients > 10000) fail(2, "at most 10000 clients, got %d", config.clients);
    if (argc - optind != 2) fail(2, "%s", usage);
    if (config.series && !(config.series_file = fopen(config.series, "w"))) {
        fail(2, "cannot write the series to %s: %s", config.series, strerror(errno));
    }
    parse_address(argv[optind]);
    if (snprintf(config.server.command, sizeof config.server.command, "get %s", argv[optind + 1]) >= 1030) {
        fail(2, "file name longer than the protocol's 1024-byte command");
    }

    /* One probe first: an unreachable server or one that does not speak the protocol is one line, not a run of errors. */
    char error[ERROR_TEXT];
    int probe = connect_server(&config.server, error);
    if (probe < 0) fail(1, "%s", error);
    if (exchange(&config.server, probe, error) != 0) fail(1, "%s:%s: %s", config.server.host, config.server.port, error);
    close(probe);

    struct client *clients = calloc((size_t) config.clients, sizeof *clients);
    config.start_ns = now_ns();
    config.record_from_ns = config.start_ns + (uint64_t) (config.warmup * 1e9);
    config.end_ns = config.record_from_ns + (uint64_t) (config.duration * 1e9);
    for (int i = 0; i < config.clients; i++) {
        clients[i].index = i;
        clients[i].conn = -1;
        if (pthread_create(&clients[i].thread, NULL, client_loop, &clients[i]) != 0) fail(1, "cannot start client thread %d", i);
    }
    size_t total = 0, errors = 0, missed = 0, completed = 1; /* the probe */
    const char *first_error = "";
    for (int i = 0; i < config.clients; i++) {
        pthread_join(clients[i].thread, NULL);
        total += clients[i].count;
        missed += clients[i].missed;
        completed += clients[i].completed;
        if (clients[i].errors && !errors) first_error = clients[i].first_error;
        errors += clients[i].errors;
    }
    double elapsed = (double) (now_ns() - config.record_from_ns) / 1e9;
    if (config.series) write_series(clients, total);
    uint64_t *all = malloc((total ? total : 1) * sizeof *all);
    size_t at = 0;
    for (int i = 0; i < config.clients; i++) {
        memcpy(all + at, clients[i].latencies, clients[i].count * sizeof *all);
        at += clients[i].count;
    }
    qsort(all, total, sizeof *all, compare);
    double p50 = percentile_ms(all, total, 0.5), p90 = percentile_ms(all, total, 0.9), p99 = percentile_ms(all, total, 0.99),
           p999 = percentile_ms(all, total, 0.999), max = total ? (double) all[total - 1] / 1e6 : 0;
    double throughput = (double) total / elapsed;
    printf("%s loop, %s connections, %d clients: %zu requests in %.2f s = %.0f/s; latency ms p50 %.3f p90 %.3f p99 %.3f "
           "p99.9 %.3f max %.3f; errors %zu; missed %zu\n", mode, connection, config.clients,
           total, elapsed, throughput, p50, p90, p99, p999, max, errors, missed);
    printf("{\"tool\":\"nload\",\"mode\":\"%s\",\"connection\":\"%s\",\"clients\":%d,\"offered_rate\":%.1f,\"duration_s\":%.3f,"
           "\"requests\":%zu,\"errors\":%zu,\"missed\":%zu,\"throughput\":%.1f,\"p50_ms\":%.4f,\"p90_ms\":%.4f,"
           "\"p99_ms\":%.4f,\"p999_ms\":%.4f,\"max_ms\":%.4f,\"completed_with_warmup\":%zu,\"first_error\":\"%s\"}\n",
           mode, connection, config.clients, config.open_loop ? config.rate : 0.0, elapsed, total, errors, missed,
           throughput, p50, p90, p99, p999, max, completed, first_error);
    if (errors) fail(1, "%zu of %zu requests failed; first: %s", errors, errors + total, first_error);
    return 0;
}
