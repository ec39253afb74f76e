package dev.socketserver.bench;

import dev.socketserver.handlers.FileProtocol;
import dev.socketserver.handlers.RefusedException;
import dev.socketserver.handlers.ServedRoot;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultFileRegion;
import java.io.IOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import org.jetbrains.annotations.Nullable;
import org.tinylog.Logger;

/**
 * One connection of {@link NettyFileServer}: a command, then (after the size is sent) the
 * acknowledgement, then the file as a {@link DefaultFileRegion} followed by its MD5. Like the
 * seed's server it takes one read as one command; parsing, path checks and the digest cache are
 * the handler's ({@link PeerRequest}).
 */
final class NettyFileHandler extends ChannelInboundHandlerAdapter {

    private final ServedRoot root;
    private final FileDigests digests;
    /** A file whose size was announced, waiting for the client's acknowledgement. */
    private PeerRequest.@Nullable OpenFile announced;

    NettyFileHandler(ServedRoot root, FileDigests digests) {
        this.root = root;
        this.digests = digests;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws IOException {
        ByteBuf bytes = (ByteBuf) msg;
        try {
            PeerRequest.OpenFile file = announced;
            if (file == null) {
                announce(ctx, bytes);
            } else {
                announced = null;
                sendBody(ctx, file);
            }
        } finally {
            bytes.release();
        }
    }

    private void announce(ChannelHandlerContext ctx, ByteBuf bytes) {
        byte[] command = ByteBufUtil.getBytes(bytes, bytes.readerIndex(),
                Math.min(bytes.readableBytes(), FileProtocol.MAX_COMMAND_BYTES));
        try {
            PeerRequest.OpenFile file = PeerRequest.open(root, command, command.length, digests);
            announced = file;
            ctx.writeAndFlush(ascii(ctx, Long.toString(file.version().size())));
        } catch (RefusedException refusal) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(PeerRequest.errorReply(refusal)));
        }
    }

    /** The region closes the file once sent; the digest follows only if the file did not change meanwhile. */
    private static void sendBody(ChannelHandlerContext ctx, PeerRequest.OpenFile file) {
        ctx.write(new DefaultFileRegion(file.channel(), 0, file.version().size()))
                .addListener(sent -> {
                    if (sent.isSuccess() && file.unchanged()) {
                        ctx.writeAndFlush(ascii(ctx, file.md5()));
                    } else {
                        ctx.close();
                    }
                });
        ctx.flush();
    }

    private static ByteBuf ascii(ChannelHandlerContext ctx, String text) {
        return ByteBufUtil.encodeString(ctx.alloc(), CharBuffer.wrap(text), StandardCharsets.US_ASCII);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws IOException {
        PeerRequest.OpenFile pending = announced;
        announced = null;
        if (pending != null) {
            pending.close();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        Logger.debug(cause, "netty server: connection failed");
        ctx.close();
    }
}
