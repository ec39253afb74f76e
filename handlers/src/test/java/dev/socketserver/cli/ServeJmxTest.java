package dev.socketserver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.tools.attach.VirtualMachine;
import dev.socketserver.observe.ServerObjectName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code serve --jmx} in a real server process: its MXBean is there for a JMX client, and not without the flag. */
@Timeout(60)
class ServeJmxTest {

    @TempDir
    Path dir;

    @Test
    void jmxFlagRegistersTheServersMXBean() throws Exception {
        assertEquals(true, registered(true));
    }

    @Test
    void withoutTheFlagThereIsNone() throws Exception {
        assertEquals(false, registered(false));
    }

    /** Starts {@code serve}, attaches to it and says whether its MXBean is registered. */
    private boolean registered(boolean jmx) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        var command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--port", "0", "--root", root.toString()));
        if (jmx) {
            command.add("--jmx");
        }
        Process server = new ProcessBuilder(command).redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Matcher port = Pattern.compile("address=127\\.0\\.0\\.1:(\\d+)").matcher(String.valueOf(ready));
            assertTrue(port.find(), "ready line: " + ready);
            ObjectName name = ServerObjectName.of("tcp", new InetSocketAddress("127.0.0.1", Integer.parseInt(port.group(1))));
            VirtualMachine vm = VirtualMachine.attach(Long.toString(server.pid()));
            String url;
            try {
                url = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
                MBeanServerConnection beans = connector.getMBeanServerConnection();
                boolean found = beans.isRegistered(name);
                if (found) {
                    assertEquals("virtual", beans.getAttribute(name, "Mode"));
                    assertEquals(0L, beans.getAttribute(name, "Served"));
                }
                return found;
            }
        } finally {
            server.destroy();
            assertTrue(server.waitFor(30, TimeUnit.SECONDS));
            assertFalse(server.isAlive());
        }
    }
}
