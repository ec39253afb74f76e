package dev.socketserver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jetbrains.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@link ServerOptions#batchScheduling()}: the serve loop's thread is in Linux's {@code SCHED_BATCH}
 * class while it serves and back in the normal class when {@code serveForever} returns; threads
 * the loop starts inherit it; a class someone else chose is left alone; without the option nothing
 * changes. The class is read from {@code /proc}, as {@code chrt -p} does.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(30)
class BatchSchedulingTest {

    private static final int SCHED_OTHER = 0;
    private static final int SCHED_BATCH = 3;
    private static final int SCHED_IDLE = 5;
    private static final byte[] LINE = "batch\n".getBytes(StandardCharsets.US_ASCII);

    /** Echoes a line and, first, the scheduling class of the thread that runs it ("3 batch\n"). */
    public static final class ClassEcho extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            byte[] line = TestIo.readLine(rfile());
            wfile().write((policy(Path.of("/proc/thread-self/stat")) + " ").getBytes(StandardCharsets.US_ASCII));
            wfile().write(line);
        }
    }

    @Test
    void theLoopServesInBatchAndLeavesItWhenItReturns() throws Exception {
        Loop loop = serve(Mode.VIRTUAL, true, null);
        try (loop) {
            assertEquals(SCHED_BATCH, loop.awaitPolicy(SCHED_BATCH), "while serving");
            echo(loop.server);
        }
        assertEquals(SCHED_OTHER, loop.policyAfter, "after serveForever returned");
    }

    @Test
    void requestThreadsTheLoopStartsInheritIt() throws Exception {
        try (Loop loop = serve(Mode.THREADED, true, null)) {
            loop.awaitPolicy(SCHED_BATCH);
            assertEquals(SCHED_BATCH + " batch", echo(loop.server), "threaded mode's request thread");
        }
    }

    @Test
    void offByDefault() throws Exception {
        Loop loop = serve(Mode.THREADED, false, null);
        try (loop) {
            assertEquals(SCHED_OTHER + " batch", echo(loop.server), "the request thread");
            assertEquals(SCHED_OTHER, loop.policyNow(), "the loop's thread, after a request");
        }
        assertEquals(SCHED_OTHER, loop.policyAfter);
    }

    /** A thread put in SCHED_IDLE by its owner stays there, during and after. */
    @Test
    void aClassSomeoneChoseIsLeftAlone() throws Exception {
        Loop loop = serve(Mode.VIRTUAL, true, SCHED_IDLE);
        try (loop) {
            echo(loop.server);
            assertEquals(SCHED_IDLE, loop.policyNow());
        }
        assertEquals(SCHED_IDLE, loop.policyAfter);
    }

    @Test
    void theOptionIsPartOfTheValue() {
        ServerOptions on = ServerOptions.builder().batchScheduling(true).build();
        assertEquals(false, ServerOptions.defaults().batchScheduling());
        assertEquals(true, on.batchScheduling());
        assertEquals(on, on.toBuilder().build());
        assertEquals(false, on.equals(ServerOptions.defaults()));
        assertEquals(true, on.toString().contains("batchScheduling=true"), on.toString());
    }

    /** One round trip; gives the reply without its newline. */
    private static String echo(TcpServer server) throws IOException {
        try (SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET)) {
            client.connect(server.serverAddress());
            client.write(ByteBuffer.wrap(LINE));
            byte[] reply = TestIo.readLine(client.socket().getInputStream());
            String text = new String(reply, StandardCharsets.US_ASCII);
            assertArrayEquals(LINE, text.substring(text.indexOf(' ') + 1).getBytes(StandardCharsets.US_ASCII));
            return text.strip();
        }
    }

    /** Starts {@code serveForever} in a platform thread that first moves itself to {@code ownClass} when given. */
    private static Loop serve(Mode mode, boolean batch, @Nullable Integer ownClass) throws Exception {
        TcpServer server = new TcpServer(new InetSocketAddress("127.0.0.1", 0), ClassEcho.class,
                ServerOptions.builder().mode(mode).batchScheduling(batch).build());
        return new Loop(server, ownClass);
    }

    /** The serve loop's thread: its task id is known, and it waits after {@code serveForever} so its class can be read. */
    private static final class Loop implements AutoCloseable {
        final TcpServer server;
        private final CompletableFuture<Path> stat = new CompletableFuture<>();
        private final CountDownLatch returned = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        private final Thread thread;
        int policyAfter = -1;

        Loop(TcpServer server, @Nullable Integer ownClass) throws Exception {
            this.server = server;
            thread = Thread.ofPlatform().name("batch-loop").daemon(true).start(() -> {
                try {
                    if (ownClass != null) {
                        setOwnClass(ownClass);
                    }
                    stat.complete(Path.of("/proc/self/task").resolve(
                            Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName()).resolve("stat"));
                    server.serveForever(Duration.ofMillis(10));
                } catch (Throwable t) { // kept for the test thread: close() rethrows it
                    failure.set(t);
                    stat.completeExceptionally(t);
                } finally {
                    returned.countDown();
                    awaitQuietly(release);
                }
            });
            stat.get(10, TimeUnit.SECONDS);
        }

        int policyNow() throws Exception {
            return policy(stat.get());
        }

        /** Waits until the loop's thread is in {@code wanted} (it changes when serveForever begins). */
        int awaitPolicy(int wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            int seen = policyNow();
            while (seen != wanted && System.nanoTime() < deadline) {
                Thread.sleep(5);
                seen = policyNow();
            }
            return seen;
        }

        @Override
        public void close() throws Exception {
            try {
                server.shutdown();
                assertEquals(true, returned.await(10, TimeUnit.SECONDS), "serveForever returned");
                policyAfter = policyNow();
            } finally {
                release.countDown();
                thread.join(Duration.ofSeconds(10));
                server.close();
            }
            assertNull(failure.get());
        }
    }

    /** Field 41 of a task's {@code stat} ({@code policy}), counted after the name's closing parenthesis. */
    static int policy(Path stat) throws IOException {
        String text = Files.readString(stat);
        String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[41 - 3]);
    }

    private static void setOwnClass(int policy) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle set = linker.downcallHandle(linker.defaultLookup().find("sched_setscheduler").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                        ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            int status = (int) set.invokeExact(0, policy, arena.allocate(ValueLayout.JAVA_INT));
            assertEquals(0, status, "sched_setscheduler(" + policy + ")");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
