package dev.sundial.bench.http.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.Version;
import java.net.InetSocketAddress;

/**
 * The Netty 4.2 side of the comparison: NIO transport (as Jetty's; socket reads sized by Netty's
 * adaptive allocator, up to 64 KiB), {@link HttpServerCodec} with default limits but for the largest
 * body piece it hands on ({@code maxChunkSize}, 8 KiB by default), which the comparison varies, and a
 * handler that streams the body chunks without aggregating, copying each into
 * a 64 KiB array and counting it on the event loop. That is Netty at its cheapest: a real server
 * would also have to hand the bytes to a thread that may block (the parser reads an InputStream,
 * the WAL waits for fsync), which this one does not pay for. One boss thread, Netty's default
 * number of worker event loops. Thread-safe.
 */
final class NettyCountingServer implements CountingServer {
    private static final int COPY_BYTES = 64 << 10;

    private final BodyCounter counter = new BodyCounter();
    private final EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup workers = new MultiThreadIoEventLoopGroup(NioIoHandler.newFactory());
    private final Channel channel;
    private final int maxChunkBytes;

    /** @param maxChunkBytes the largest body piece the decoder hands on, or 0 for Netty's default */
    NettyCountingServer(int maxChunkBytes) throws InterruptedException {
        HttpDecoderConfig decoder = new HttpDecoderConfig();
        if (maxChunkBytes > 0) {
            decoder.setMaxChunkSize(maxChunkBytes);
        }
        this.maxChunkBytes = decoder.getMaxChunkSize();
        ServerBootstrap b = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(decoder), new CountingHandler(counter));
                    }
                });
        channel = b.bind("127.0.0.1", 0).sync().channel();
    }

    /** Per connection (a new one for each channel): counts a request's chunks, answers 204 after the last. */
    private static final class CountingHandler extends SimpleChannelInboundHandler<HttpObject> {
        private final BodyCounter counter;
        private final byte[] copy = new byte[COPY_BYTES];
        private long bytes;
        private long lineFeeds;
        private boolean keepAlive;

        CountingHandler(BodyCounter counter) {
            this.counter = counter;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg.decoderResult().isFailure()) {
                FullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                HttpUtil.setContentLength(bad, 0);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            if (msg instanceof HttpRequest r) {
                keepAlive = HttpUtil.isKeepAlive(r);
                bytes = 0;
                lineFeeds = 0;
            }
            if (msg instanceof HttpContent c) {
                ByteBuf content = c.content();
                for (int i = content.readerIndex(), end = content.writerIndex(); i < end; ) {
                    int k = Math.min(COPY_BYTES, end - i);
                    content.getBytes(i, copy, 0, k);
                    bytes += k;
                    lineFeeds += BodyCounter.lineFeeds(copy, 0, k);
                    i += k;
                }
            }
            if (msg instanceof LastHttpContent) {
                counter.add(bytes, lineFeeds);
                FullHttpResponse ok = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
                if (keepAlive) {
                    ctx.writeAndFlush(ok);
                } else {
                    ctx.writeAndFlush(ok).addListener(ChannelFutureListener.CLOSE);
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a benchmark server: the client sees the closed connection as its failure
        }
    }

    @Override
    public String name() {
        Version v = Version.identify().get("netty-codec-http"); // absent when a shaded jar kept another module's version file
        return "netty " + (v == null ? "4.2" : v.artifactVersion().replace(".Final", "")) + " " + (maxChunkBytes >> 10) + "K";
    }

    @Override
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public BodyCounter counter() {
        return counter;
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        boss.shutdownGracefully().sync();
        workers.shutdownGracefully().sync();
    }
}
