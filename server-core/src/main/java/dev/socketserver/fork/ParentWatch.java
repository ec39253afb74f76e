package dev.socketserver.fork;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.tinylog.Logger;

/**
 * Ends the child when the server that forked it is gone, so that a child never outlives its
 * parent, even one killed with SIGKILL. It polls the parent process id: when the parent dies the
 * child is re-parented (to init or a sub-reaper), which a read of {@code /proc/self/stat} sees at
 * once. {@link ProcessHandle#onExit()} is no use here: for a process that is not our child it
 * polls too, starting at 300 ms and slowing to 5 s.
 */
final class ParentWatch {

    /** Exit status of a child whose parent died. */
    static final int PARENT_GONE = 3;

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private ParentWatch() {
    }

    /**
     * Starts watching {@code parentPid} in a daemon thread, which ends this process as soon as
     * {@code parentPid} is not (or no longer) its parent. The first look-up of a parent costs some
     * 30 ms of class loading and set-up, competing with the request's own start: it comes one
     * interval later, in this thread.
     */
    static void start(long parentPid) {
        launch(new Watch(parentPid, false));
    }

    /**
     * For a pooled child, before it says it is ready: starts the watch's thread now, idle until
     * {@link Held#begin()}. A waiting child needs no polling (its private channel's end of stream
     * says the server died), and starting a thread, with its first sleep's set-up, on the request's
     * path cost the request's first bytes about a millisecond (docs/forked.md).
     */
    static Held prepare(long parentPid) {
        Watch watch = new Watch(parentPid, true);
        return new Held(launch(watch), watch);
    }

    /** A watch started by {@link #prepare}, not yet watching. */
    record Held(Thread thread, Watch watch) {
        /** Starts the polling: from now on the child ends when its server is gone. */
        void begin() {
            watch.held = false;
            LockSupport.unpark(thread);
        }
    }

    private static Thread launch(Watch watch) {
        Thread thread = new Thread(watch, "socketserver-parent-watch");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** A class, not a lambda: a child's first lambda sets up machinery that delays its first byte. */
    static final class Watch implements Runnable {
        private final long parentPid;
        private volatile boolean held;

        Watch(long parentPid, boolean held) {
            this.parentPid = parentPid;
            this.held = held;
        }

        @Override
        public void run() {
            if (held) {
                try {
                    Thread.sleep(1); // loads and links the sleep path now, while the child waits
                } catch (InterruptedException e) {
                    Logger.debug("parent watch interrupted; the child keeps running");
                    return;
                }
                while (held) {
                    LockSupport.park(this);
                }
            }
            watch(parentPid);
        }
    }

    private static void watch(long parentPid) {
        try {
            do {
                Thread.sleep(INTERVAL); // first: the look-up's start-up cost comes after the request's first bytes
            } while (isParent(parentPid));
        } catch (InterruptedException e) {
            Logger.debug("parent watch interrupted; the child keeps running");
            return;
        }
        Logger.warn("server process {} is gone; ending this child", parentPid);
        Runtime.getRuntime().halt(PARENT_GONE);
    }

    private static boolean isParent(long pid) {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == pid;
    }
}
