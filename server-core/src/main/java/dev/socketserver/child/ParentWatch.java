package dev.socketserver.child;

import java.time.Duration;
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
     * Starts watching {@code parentPid} in a daemon thread.
     *
     * @return false when {@code parentPid} is not (or no longer) this process's parent
     */
    static boolean start(long parentPid) {
        if (!isParent(parentPid)) {
            return false;
        }
        Thread.ofPlatform().name("socketserver-parent-watch").daemon(true).start(() -> watch(parentPid));
        return true;
    }

    private static void watch(long parentPid) {
        try {
            while (isParent(parentPid)) {
                Thread.sleep(INTERVAL);
            }
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
