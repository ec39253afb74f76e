package dev.socketserver.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import dev.socketserver.handlers.SafePaths;
import dev.socketserver.handlers.ServedRoot;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * The event-loop peer: Netty 4.2 on its NIO transport (one acceptor loop, Netty's default number
 * of worker loops), sending each file with {@code DefaultFileRegion}, i.e. {@code transferTo}.
 */
final class NettyFileServer implements BenchServer {

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel listener;
    private final ServedRoot root;

    private NettyFileServer(EventLoopGroup boss, EventLoopGroup workers, Channel listener, ServedRoot root) {
        this.root = root;
        this.boss = boss;
        this.workers = workers;
        this.listener = listener;
    }

    static NettyFileServer start(SocketAddress address, Path root) throws IOException {
        ServedRoot servedRoot = ServedRoot.open(SafePaths.realRoot(root));
        FileDigests digests = new FileDigests();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("netty-boss"),
                NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(new DefaultThreadFactory("netty-worker"),
                NioIoHandler.newFactory());
        try {
            Class<? extends ServerChannel> type = address instanceof UnixDomainSocketAddress
                    ? NioServerDomainSocketChannel.class : NioServerSocketChannel.class;
            ServerBootstrap bootstrap = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(type)
                    .option(ChannelOption.SO_BACKLOG, BenchServer.BACKLOG)
                    .childHandler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            if (channel.localAddress() instanceof InetSocketAddress) {
                                channel.config().setOption(ChannelOption.TCP_NODELAY, true);
                            }
                            channel.pipeline().addLast(new NettyFileHandler(servedRoot, digests));
                        }
                    });
            Channel listener = bootstrap.bind(address).sync().channel();
            return new NettyFileServer(boss, workers, listener, servedRoot);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown(boss, workers);
            servedRoot.close();
            throw new IOException("interrupted while binding the Netty server", e);
        } catch (RuntimeException e) {
            shutdown(boss, workers);
            servedRoot.close();
            throw e;
        }
    }

    @Override
    public SocketAddress address() {
        return listener.localAddress();
    }

    @Override
    public void close() {
        SocketAddress bound = listener.localAddress();
        listener.close().syncUninterruptibly();
        shutdown(boss, workers);
        root.close();
        if (bound instanceof UnixDomainSocketAddress unix) {
            try {
                Files.deleteIfExists(unix.getPath());
            } catch (IOException e) {
                Logger.warn(e, "netty server: could not remove {}", unix.getPath());
            }
        }
    }

    private static void shutdown(EventLoopGroup... groups) {
        for (EventLoopGroup group : groups) {
            group.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
