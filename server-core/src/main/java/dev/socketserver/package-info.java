/**
 * socketserver for Java: a port of Python's {@code socketserver} on virtual threads.
 *
 * <pre>{@code
 * class Echo extends StreamRequestHandler {
 *     @Override protected void handle() throws IOException {
 *         rfile().transferTo(wfile());
 *     }
 * }
 * try (var server = new TcpServer(new InetSocketAddress("127.0.0.1", 9999), Echo.class,
 *         ServerOptions.defaults().withMode(Mode.VIRTUAL))) {
 *     server.serveForever();
 * }
 * }</pre>
 *
 * <h2>Python to Java</h2>
 * <table>
 *   <caption>Names in CPython's socketserver and here</caption>
 *   <tr><th>Python</th><th>Java</th></tr>
 *   <tr><td>{@code BaseServer}, {@code TCPServer}, {@code UDPServer}</td><td>{@link BaseServer}, {@link TcpServer}, {@link UdpServer}</td></tr>
 *   <tr><td>{@code UnixStreamServer}, {@code UnixDatagramServer}</td><td>{@link UnixStreamServer}, {@link UnixDatagramServer}</td></tr>
 *   <tr><td>{@code ThreadingTCPServer} … ({@code ThreadingMixIn})</td><td>{@link ThreadingTcpServer} …, or {@link Mode#THREADED}</td></tr>
 *   <tr><td>(none)</td><td>{@link VirtualTcpServer} …, or {@link Mode#VIRTUAL}</td></tr>
 *   <tr><td>{@code serve_forever(poll_interval)}</td><td>{@link BaseServer#serveForever(java.time.Duration)}</td></tr>
 *   <tr><td>{@code handle_request()}, {@code shutdown()}, {@code server_close()}</td><td>{@link BaseServer#handleRequest()}, {@link BaseServer#shutdown()}, {@link BaseServer#serverClose()} / {@code close()}</td></tr>
 *   <tr><td>{@code fileno()}, {@code server_address}, {@code socket}</td><td>{@link BaseServer#fileno()}, {@link BaseServer#serverAddress()}, {@link BaseServer#socket()}</td></tr>
 *   <tr><td>{@code get_request}, {@code verify_request}, {@code process_request}, {@code finish_request}</td><td>{@code getRequest}, {@code verifyRequest}, {@code processRequest}, {@code finishRequest}</td></tr>
 *   <tr><td>{@code shutdown_request}, {@code close_request}, {@code handle_error}, {@code handle_timeout}, {@code service_actions}</td><td>{@code shutdownRequest}, {@code closeRequest}, {@code handleError}, {@code handleTimeout}, {@code serviceActions}</td></tr>
 *   <tr><td>{@code server_bind}, {@code server_activate}, {@code bind_and_activate=False}</td><td>{@code serverBind}, {@code serverActivate}, the constructor's {@code bindAndActivate}</td></tr>
 *   <tr><td>{@code allow_reuse_address}, {@code allow_reuse_port}, {@code request_queue_size}, {@code timeout}</td><td>{@link ServerOptions} (an immutable record)</td></tr>
 *   <tr><td>{@code daemon_threads}, {@code block_on_close}, {@code max_packet_size}</td><td>{@link ServerOptions}</td></tr>
 *   <tr><td>{@code RequestHandlerClass}</td><td>the handler's {@code Class}, built with its no-argument constructor</td></tr>
 *   <tr><td>{@code BaseRequestHandler}, {@code StreamRequestHandler}, {@code DatagramRequestHandler}</td><td>{@link BaseRequestHandler}, {@link StreamRequestHandler}, {@link DatagramRequestHandler}</td></tr>
 *   <tr><td>{@code self.request}, {@code self.client_address}, {@code self.server}</td><td>{@code request()}, {@code clientAddress()}, {@code server()}</td></tr>
 *   <tr><td>{@code self.rfile}, {@code self.wfile}</td><td>{@code rfile()}, {@code wfile()}</td></tr>
 * </table>
 */
@NotNullByDefault
package dev.socketserver;

import org.jetbrains.annotations.NotNullByDefault;
