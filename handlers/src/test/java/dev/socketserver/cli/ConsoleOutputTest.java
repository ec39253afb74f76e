package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** What the command line prints besides errors: addresses in the ready line, the progress bar. */
class ConsoleOutputTest {

    @Test
    void addressesAreShownAsPeopleWriteThem() throws Exception {
        assertEquals("127.0.0.1:9999", Addresses.show(new InetSocketAddress("127.0.0.1", 9999)));
        assertEquals("[0:0:0:0:0:0:0:1]:80", Addresses.show(new InetSocketAddress("::1", 80)));
        assertEquals("/tmp/s.sock", Addresses.show(UnixDomainSocketAddress.of("/tmp/s.sock")));
        assertEquals("/tmp/d.sock", Addresses.show(AFUNIXSocketAddress.of(Path.of("/tmp/d.sock"))));
        assertEquals("nowhere.invalid:1", Addresses.show(InetSocketAddress.createUnresolved("nowhere.invalid", 1)));
    }

    @Test
    void theProgressBarRedrawsOneLineAndEndsIt() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text));
        bar.started("big.bin", 4 << 20);
        bar.advanced(2 << 20);
        bar.finished(true);
        String[] frames = text.toString().split("\r");
        assertTrue(frames[1].startsWith("big.bin [" + " ".repeat(30) + "]   0% 0.0 KiB"), frames[1]);
        assertTrue(frames[frames.length - 1].startsWith("big.bin [" + "#".repeat(15) + " ".repeat(15) + "]  50% 2.0 MiB"),
                frames[frames.length - 1]);
        assertTrue(text.toString().endsWith(System.lineSeparator()), text.toString());
        assertEquals(1, text.toString().chars().filter(c -> c == '\n').count(), "one line, redrawn with carriage returns");
    }

    @Test
    void aFailedDownloadSaysSo() {
        StringWriter text = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(text));
        bar.started("x", 0);
        bar.finished(false);
        assertTrue(text.toString().strip().endsWith("failed"), text.toString());
    }
}
