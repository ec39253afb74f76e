package dev.socketserver.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * One connection of {@link NettyFileServer}: a command, then (after the size is sent) the
 * acknowledgement, then the file as a {@link DefaultFileRegion} followed by its MD5. Like the
 * seed's server it takes one read as one command.
 */
final class NettyFileHandler extends ChannelInboundHandlerAdapter {

    /** A file whose size was announced, waiting for the client's acknowledgement. */
    private record Announced(FileChannel file, long size, String md5) {
    }

    private final Path root;
    private final FileDigests digests;
    private @Nullable Announced announced;

    NettyFileHandler(Path root, FileDigests digests) {
        this.root = root;
        this.digests = digests;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            Announced pending = announced;
            if (pending == null) {
                announce(ctx, bytes);
            } else {
                announced = null;
                ctx.write(new DefaultFileRegion(pending.file(), 0, pending.size()));
                ctx.writeAndFlush(ascii(ctx, pending.md5()));
            }
        } finally {
            bytes.release();
        }
    }

    private void announce(ChannelHandlerContext ctx, ByteBuf bytes) throws IOException {
        byte[] command = ByteBufUtil.getBytes(bytes, bytes.readerIndex(), Math.min(bytes.readableBytes(), 1024));
        FileRequests.Resolved request = FileRequests.resolve(root, command, 0, command.length);
        if (!request.ok()) {
            ctx.writeAndFlush(ascii(ctx, request.error()));
            return;
        }
        FileChannel file = FileChannel.open(request.file());
        try {
            long size = file.size();
            announced = new Announced(file, size, digests.md5(request.file(), file));
            ctx.writeAndFlush(ascii(ctx, Long.toString(size)));
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static ByteBuf ascii(ChannelHandlerContext ctx, String text) {
        return ByteBufUtil.encodeString(ctx.alloc(), java.nio.CharBuffer.wrap(text), StandardCharsets.US_ASCII);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws IOException {
        Announced pending = announced;
        announced = null;
        if (pending != null) {
            pending.file().close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Logger.debug(cause, "netty server: connection failed");
        ctx.close();
    }
}
