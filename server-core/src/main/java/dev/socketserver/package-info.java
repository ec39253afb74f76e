/**
 * socketserver for Java: a port of Python's {@code socketserver} on virtual threads.
 *
 * <pre>{@code
 * public static class Echo extends StreamRequestHandler {
 *     @Override protected void handle() throws IOException {
 *         rfile().transferTo(wfile());
 *     }
 * }
 * try (var server = TcpServer.virtual(new InetSocketAddress("127.0.0.1", 9999), Echo.class)) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <p>Each request runs in the server's {@link Mode}: {@code SYNC} (inline, one at a time),
 * {@code THREADED} (a platform thread each), {@code VIRTUAL} (a virtual thread each, the usual
 * choice) or {@code FORKED} (a child JVM each, for isolation).
 *
 * <p>Differences from CPython, on purpose: {@link BaseServer#shutdown()} takes effect at once (the loop
 * waits on a selector that shutdown wakes, so {@code pollInterval} only paces
 * {@code serviceActions()}); {@code shutdown()} from a handler running inline does not deadlock;
 * {@link BaseServer#serverClose()} can bound its wait for in-flight requests
 * ({@link ServerOptions#closeGrace()}).
 *
 * <h2>Python to Java</h2>
 * <p>Keep this table and the README's in step ({@code ReadmeExampleTest} checks the Python names).
 * <table>
 *   <caption>Names in CPython's socketserver and here</caption>
 *   <tr><th>Python</th><th>Java</th></tr>
 *   <tr><td>{@code BaseServer}, {@code TCPServer}, {@code UDPServer}</td><td>{@link BaseServer}, {@link TcpServer}, {@link UdpServer}: one request at a time ({@link Mode#SYNC}), as in CPython; {@code ServerOptions.builder().mode(Mode.VIRTUAL)} or {@link TcpServer#virtual TcpServer.virtual(...)} for a virtual thread per request</td></tr>
 *   <tr><td>{@code UnixStreamServer}, {@code UnixDatagramServer}</td><td>{@link UnixStreamServer}, {@link UnixDatagramServer}</td></tr>
 *   <tr><td>{@code ThreadingMixIn}, {@code ThreadingTCPServer}, {@code ThreadingUDPServer}, {@code ThreadingUnixStreamServer}, {@code ThreadingUnixDatagramServer}</td><td>{@link Mode#THREADED}; {@link TcpServer#threading TcpServer.threading(...)}, {@link UdpServer#threading UdpServer.threading(...)}, {@link UnixStreamServer#threading UnixStreamServer.threading(...)}, {@link UnixDatagramServer#threading UnixDatagramServer.threading(...)}</td></tr>
 *   <tr><td>{@code ForkingMixIn}, {@code ForkingTCPServer}, {@code ForkingUDPServer}, {@code ForkingUnixStreamServer}, {@code ForkingUnixDatagramServer}</td><td>{@link Mode#FORKED} (a child JVM per request); {@link TcpServer#forking TcpServer.forking(...)}, {@link UdpServer#forking UdpServer.forking(...)}, {@link UnixStreamServer#forking UnixStreamServer.forking(...)}, {@link UnixDatagramServer#forking UnixDatagramServer.forking(...)}; {@link BaseServer#forkedChildren()} for {@code active_children}, {@code collect_children()}</td></tr>
 *   <tr><td>(none)</td><td>{@link Mode#VIRTUAL} (a virtual thread per request); {@link TcpServer#virtual TcpServer.virtual(...)}, {@link UdpServer#virtual UdpServer.virtual(...)}, {@link UnixStreamServer#virtual UnixStreamServer.virtual(...)}, {@link UnixDatagramServer#virtual UnixDatagramServer.virtual(...)}</td></tr>
 *   <tr><td>{@code serve_forever(poll_interval=0.5)}</td><td>{@link BaseServer#serveForever()}, {@link BaseServer#serveForever(java.time.Duration)}</td></tr>
 *   <tr><td>{@code handle_request()}, {@code shutdown()}</td><td>{@link BaseServer#handleRequest()}, {@link BaseServer#shutdown()}</td></tr>
 *   <tr><td>{@code server_close()}, {@code with server:}</td><td>{@link BaseServer#serverClose()}, {@link BaseServer#close()} (try-with-resources)</td></tr>
 *   <tr><td>{@code fileno()}, {@code server_address}, {@code socket}</td><td>{@link BaseServer#fileno()}, {@link BaseServer#serverAddress()}, {@link BaseServer#socket()}</td></tr>
 *   <tr><td>{@code RequestHandlerClass}</td><td>the handler's {@code Class}: public, with a public no-argument constructor</td></tr>
 *   <tr><td>{@code get_request}, {@code verify_request}, {@code process_request}, {@code finish_request}</td><td>{@code getRequest}, {@code verifyRequest}, {@code processRequest}, {@code finishRequest}</td></tr>
 *   <tr><td>{@code shutdown_request}, {@code close_request}, {@code handle_error}, {@code handle_timeout}, {@code service_actions}</td><td>{@code shutdownRequest}, {@code closeRequest}, {@code handleError}, {@code handleTimeout}, {@code serviceActions}</td></tr>
 *   <tr><td>{@code server_bind}, {@code server_activate}, {@code bind_and_activate=False}</td><td>{@code serverBind}, {@code serverActivate}, the constructors' {@code bindAndActivate} argument ({@code false}, then {@link BaseServer#bindAndActivate()})</td></tr>
 *   <tr><td>{@code allow_reuse_address}, {@code allow_reuse_port}, {@code request_queue_size}, {@code timeout}</td><td>{@link ServerOptions}: {@code allowReuseAddress}, {@code allowReusePort}, {@code requestQueueSize}, {@code timeout}</td></tr>
 *   <tr><td>{@code daemon_threads}, {@code block_on_close}, {@code max_packet_size}</td><td>{@link ServerOptions}: {@code daemonThreads}, {@code blockOnClose} (and {@code closeGrace} to bound it), {@code maxPacketSize}</td></tr>
 *   <tr><td>{@code BaseRequestHandler}, {@code StreamRequestHandler}, {@code DatagramRequestHandler}</td><td>{@link BaseRequestHandler}, {@link StreamRequestHandler}, {@link DatagramRequestHandler}</td></tr>
 *   <tr><td>{@code setup()}, {@code handle()}, {@code finish()}</td><td>{@code setup()}, {@code handle()}, {@code finish()}</td></tr>
 *   <tr><td>{@code self.request}, {@code self.client_address}, {@code self.server}</td><td>{@code request()}, {@code clientAddress()}, {@code server()}</td></tr>
 *   <tr><td>{@code self.rfile}, {@code self.wfile}</td><td>{@code rfile()} (buffered), {@code wfile()} (unbuffered, like {@code _SocketWriter})</td></tr>
 *   <tr><td>{@code StreamRequestHandler.timeout}, {@code disable_nagle_algorithm}</td><td>override {@code timeout()}, {@code disableNagleAlgorithm()}</td></tr>
 * </table>
 */
@NotNullByDefault
package dev.socketserver;

import org.jetbrains.annotations.NotNullByDefault;
