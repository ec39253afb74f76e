/*
 * recvmsg(2) with room for a descriptor (SCM_RIGHTS), for a pooled child reading its private
 * channel (dev.socketserver.fork.HandOffNatives). The JDK has no call that receives a descriptor,
 * and the alternatives cost a short-lived JVM more than this library: junixsocket's initialisation
 * looks up nine optional classes, each miss searching the whole class path (~15-20 ms of a child's
 * CPU), and FFM's first downcall links for ~20-30 ms (docs/forked.md).
 */
#include <errno.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* At most this many descriptors are read from one message; the server sends one. */
#define MAX_DESCRIPTORS 8
/* Larger than any hand-off message (HandOffMessage.MAX_LENGTH). */
#define MAX_LENGTH (1 << 20)

static void throw_new(JNIEnv *env, const char *class_name, const char *message) {
    jclass type = (*env)->FindClass(env, class_name);
    if (type != NULL) {
        (*env)->ThrowNew(env, type, message);
    }
}

static void throw_errno(JNIEnv *env, const char *call, int error) {
    char message[200];
    snprintf(message, sizeof message, "%s: %s", call, strerror(error));
    throw_new(env, "java/io/IOException", message);
}

/* Keeps the first descriptor of the message's SCM_RIGHTS in *first and closes any other. */
static void take_descriptors(struct msghdr *message, int *first) {
    for (struct cmsghdr *c = CMSG_FIRSTHDR(message); c != NULL; c = CMSG_NXTHDR(message, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
            continue;
        }
        size_t count = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
        for (size_t i = 0; i < count; i++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
            if (*first < 0) {
                *first = fd;
            } else {
                close(fd);
            }
        }
    }
}

/*
 * static native int receive(int fd, byte[] buffer, int offset, int length, int[] descriptor)
 * Reads up to length bytes into buffer[offset..]; descriptor[0] is the first descriptor that came
 * with them (close-on-exec), or -1. Returns the count read, -1 at end of stream.
 */
JNIEXPORT jint JNICALL Java_dev_socketserver_fork_HandOffNatives_receive(
        JNIEnv *env, jclass type, jint fd, jbyteArray buffer, jint offset, jint length, jintArray descriptor) {
    (void) type;
    if (buffer == NULL || descriptor == NULL || (*env)->GetArrayLength(env, descriptor) < 1 || offset < 0
            || length <= 0 || length > MAX_LENGTH || offset > (*env)->GetArrayLength(env, buffer) - length) {
        throw_new(env, "java/lang/IllegalArgumentException", "receive: bad buffer, range or descriptor array");
        return -1;
    }
    char *bytes = malloc((size_t) length);
    if (bytes == NULL) {
        throw_new(env, "java/lang/OutOfMemoryError", "receive: no memory for the message");
        return -1;
    }
    struct iovec io = {.iov_base = bytes, .iov_len = (size_t) length};
    union {
        struct cmsghdr align;
        char space[CMSG_SPACE(MAX_DESCRIPTORS * sizeof(int))];
    } control;
    struct msghdr message = {0};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control.space;
    message.msg_controllen = sizeof control.space;
    ssize_t count;
    do {
        count = recvmsg(fd, &message, MSG_CMSG_CLOEXEC);
    } while (count < 0 && errno == EINTR);
    if (count < 0) {
        int error = errno;
        free(bytes);
        throw_errno(env, "recvmsg", error);
        return -1;
    }
    int first = -1;
    take_descriptors(&message, &first);
    if (message.msg_flags & MSG_CTRUNC) {
        free(bytes);
        if (first >= 0) {
            close(first);
        }
        throw_new(env, "java/io/IOException", "recvmsg: more descriptors came than there was room for (MSG_CTRUNC)");
        return -1;
    }
    (*env)->SetByteArrayRegion(env, buffer, offset, (jsize) count, (const jbyte *) bytes);
    free(bytes);
    jint received = first;
    (*env)->SetIntArrayRegion(env, descriptor, 0, 1, &received);
    return count == 0 ? -1 : (jint) count;
}

/* static native boolean isUnixStream(int fd) */
JNIEXPORT jboolean JNICALL Java_dev_socketserver_fork_HandOffNatives_isUnixStream(JNIEnv *env, jclass type, jint fd) {
    (void) env;
    (void) type;
    int domain = 0;
    int kind = 0;
    socklen_t size = sizeof domain;
    if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &size) != 0) {
        return JNI_FALSE;
    }
    size = sizeof kind;
    if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &kind, &size) != 0) {
        return JNI_FALSE;
    }
    return domain == AF_UNIX && kind == SOCK_STREAM ? JNI_TRUE : JNI_FALSE;
}
