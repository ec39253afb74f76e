package dev.socketserver.readme;

import dev.socketserver.*;
import java.io.IOException;
import java.net.InetSocketAddress;

public class EchoServer {
    /** Built once per connection; the server calls setup(), handle(), finish(). */
    public static class Echo extends StreamRequestHandler {
        @Override
        protected void handle() throws IOException {
            rfile().transferTo(wfile()); // every byte back, until the client closes
        }
    }

    public static void main(String[] args) throws IOException {
        var options = ServerOptions.builder().mode(Mode.VIRTUAL).build(); // without: one client at a time
        try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 8000), Echo.class, options)) {
            System.out.println("echo server on " + server.serverAddress());
            server.serveForever();
        }
    }
}
