/*
 * cputime: runs a command N times, one run after another, and prints the CPU of each run (user
 * plus system seconds, from wait4) on a line of its own. ForkedMain measures issue 12's yardstick,
 * `java -Xshare:auto -version`, with it: /proc's cutime counts 10 ms ticks, a third of one run.
 * The command's own output is discarded.
 *
 * Usage: cputime N COMMAND [ARG...]
 * Exit status: 0 when every run exited 0; 1 (with the reason on standard error) when one did not,
 * or could not be started; 2 for a bad command line.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

static double seconds(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

/* One run: its CPU in *cpu; 0, or -1 after saying on standard error why the run failed. */
static int run(char **command, double *cpu) {
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "cputime: fork: %s\n", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        if (null < 0 || dup2(null, STDOUT_FILENO) < 0 || dup2(null, STDERR_FILENO) < 0) {
            _exit(126);
        }
        execvp(command[0], command);
        _exit(127);
    }
    int status;
    struct rusage usage;
    while (wait4(pid, &status, 0, &usage) < 0) {
        if (errno != EINTR) {
            fprintf(stderr, "cputime: wait4: %s\n", strerror(errno));
            return -1;
        }
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
            fprintf(stderr, "cputime: %s could not be run\n", command[0]);
        } else if (WIFEXITED(status)) {
            fprintf(stderr, "cputime: %s exited %d\n", command[0], WEXITSTATUS(status));
        } else {
            fprintf(stderr, "cputime: %s ended by signal %d\n", command[0], WTERMSIG(status));
        }
        return -1;
    }
    *cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime);
    return 0;
}

int main(int argc, char **argv) {
    char *end;
    long runs = argc >= 3 ? strtol(argv[1], &end, 10) : 0;
    if (argc < 3 || *end != '\0' || runs < 1 || runs > 1000) {
        fprintf(stderr, "usage: cputime N COMMAND [ARG...]  (N from 1 to 1000)\n");
        return 2;
    }
    for (long i = 0; i < runs; i++) {
        double cpu;
        if (run(argv + 2, &cpu) != 0) {
            return 1;
        }
        printf("%.6f\n", cpu);
        fflush(stdout);
    }
    return 0;
}
