package dev.socketserver.fork;

/**
 * How a child JVM ends. {@code System.exit} logs the exit (JDK 21 and later), and its first
 * {@code System.Logger} look-up searches the whole class path for a logging service, opening every
 * jar on it: in a pooled child, whose classes come from the AOT cache, that is the last reason left
 * to open the jar (with the selector provider's search, {@link ChildSelectorProvider}, some 8-10 ms
 * of its CPU; docs/forked.md). So a child that ends well, with no thread of its own left but
 * daemons, returns from {@code main} instead: the JVM then runs the shutdown hooks and exits 0, as
 * {@code System.exit(0)} would. Any other status, or a non-daemon thread a handler left running
 * (which would keep a returning JVM alive), ends with {@code System.exit}.
 */
final class ChildExit {

    private ChildExit() {
    }

    /** Whether {@code main} may return for {@code status} instead of calling {@code System.exit}. */
    static boolean mayReturn(int status) {
        return status == ChildMain.OK && onlyDaemonsBesidesThisThread();
    }

    /** Whether every live platform thread but this one is a daemon (virtual threads always are). */
    static boolean onlyDaemonsBesidesThisThread() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int count = root.enumerate(threads, true);
        if (count == threads.length) {
            return false; // more than counted: do not guess
        }
        for (int i = 0; i < count; i++) {
            Thread thread = threads[i];
            if (thread != Thread.currentThread() && !thread.isDaemon() && thread.isAlive()) {
                return false;
            }
        }
        return true;
    }
}
