package io.lockstep.engine.http;

import io.aeron.Aeron;
import io.lockstep.engine.EngineCounters;
import io.lockstep.engine.EngineSettings;
import io.lockstep.engine.StepLatency;
import io.lockstep.engine.config.ConfigException;
import io.lockstep.engine.model.ModelRoster;
import io.lockstep.engine.monitor.Monitor;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.FullHttpMessage;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine's admin HTTP API (Netty): {@code GET /health}, {@code GET /metrics} (Prometheus), {@code GET /models},
 * and, with the bearer token of {@code http.token.file}, {@code POST /models/load|swap|rollback|shadow|canary}.
 * It listens on loopback unless {@code http.bind} says otherwise, on one event loop thread, and sends changes from
 * one admin thread; neither is the business thread, and nothing here touches it.
 */
public final class AdminHttpServer implements AutoCloseable
{
    private static final int MAX_BODY_BYTES = 64 * 1024;
    /** Longer request lines are answered 414, longer headers 431 (Netty's defaults, named for the answers). */
    static final int MAX_REQUEST_LINE_BYTES = 4096;
    static final int MAX_HEADER_BYTES = 8192;

    private final EventLoopGroup group;
    private final Channel channel;
    private final AdminLine admin;
    private final boolean readOnly;
    private final String url;

    private AdminHttpServer(
        final EngineSettings settings,
        final Aeron aeron,
        final EngineView view,
        final byte[] token,
        final Consumer<String> log)
    {
        readOnly = token == null;
        admin = new AdminLine(aeron, settings);
        final InetSocketAddress address = new InetSocketAddress(settings.httpBind, settings.httpPort);
        final AdminHttpHandler handler = new AdminHttpHandler(view, token, admin, log,
            address.getAddress() != null && address.getAddress().isLoopbackAddress() ? settings.httpBind : null);
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("lockstep-http", true),
            NioIoHandler.newFactory());
        final ChannelFuture bound = new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel socket)
                {
                    socket.pipeline().addLast(
                        new IdleStateHandler(0, 0, settings.httpIdleTimeoutNs, TimeUnit.NANOSECONDS),
                        new HttpServerCodec(new HttpDecoderConfig().setMaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                            .setMaxHeaderSize(MAX_HEADER_BYTES)), new BodyAggregator(), handler);
                }
            })
            .bind(address).awaitUninterruptibly();
        if (!bound.isSuccess())
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            admin.close();
            throw new IllegalStateException("cannot listen for the admin HTTP API on " + address +
                " (http.bind, http.port): " + bound.cause(), bound.cause());
        }
        channel = bound.channel();
        url = url(settings.httpBind, ((InetSocketAddress)channel.localAddress()).getPort());
        if (!address.getAddress().isLoopbackAddress())
        {
            log.accept("warning: the admin HTTP API listens on " + url + ", beyond loopback, without TLS: " +
                "its bearer token travels in clear (http.bind)");
        }
    }

    /**
     * Whole requests of at most 64 KiB; a longer body is refused in JSON, like every other refusal, also when the
     * client asked first with {@code Expect: 100-continue} (then the connection closes: no body follows).
     */
    private static final class BodyAggregator extends HttpObjectAggregator
    {
        BodyAggregator()
        {
            super(MAX_BODY_BYTES, true);
        }

        protected Object newContinueResponse(
            final HttpMessage start, final int maxContentLength, final ChannelPipeline pipeline)
        {
            if (AdminHttpHandler.isChanging(pipeline.channel()))
            {
                return null; // behind a change: nothing is answered before it
            }
            final String expectation = start.headers().get(HttpHeaderNames.EXPECT);
            final Object response = super.newContinueResponse(start, maxContentLength, pipeline);
            if (response instanceof FullHttpResponse refusal && refusal.status().code() >= 400)
            {
                final HttpResponseStatus status = refusal.status();
                refusal.release();
                return AdminHttpHandler.response(status, AdminHttpHandler.JSON, AdminHttpHandler.error(
                    status.equals(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE) ? tooLarge() :
                    "unsupported Expect: " + expectation));
            }
            return response;
        }

        protected void handleOversizedMessage(final ChannelHandlerContext ctx, final HttpMessage oversized)
        {
            if (AdminHttpHandler.isChanging(ctx))
            {
                return; // behind a change: that change's answer comes first, and closes the connection
            }
            // As Netty's own: keep a keep-alive connection (the aggregator discards the rest of the body), since
            // closing with the body unread can reset the connection before the client reads the answer.
            final boolean keepAlive = !(oversized instanceof FullHttpMessage) && HttpUtil.isKeepAlive(oversized);
            AdminHttpHandler.respond(ctx, keepAlive, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                AdminHttpHandler.JSON, AdminHttpHandler.error(tooLarge()));
        }

        private static String tooLarge()
        {
            return "the body is over " + MAX_BODY_BYTES / 1024 + " KiB";
        }
    }

    /**
     * @param aeron   a client of the engine's media driver, for the admin stream.
     * @param latency each input's latency to the end of its step, as the business thread records it.
     * @param models  the model roster's status, as the business thread publishes it.
     * @param monitor operations' alerts and research's drift report, as the monitor thread publishes them.
     * @throws ConfigException when the token file cannot be read or is empty.
     * @throws IllegalStateException when the address cannot be bound.
     */
    public static AdminHttpServer start(
        final EngineSettings settings,
        final Aeron aeron,
        final EngineCounters counters,
        final StepLatency latency,
        final Supplier<ModelRoster.Status> models,
        final Monitor monitor,
        final Consumer<String> log)
    {
        final byte[] token = settings.httpTokenFile == null ? null : readToken(settings.httpTokenFile, log);
        return new AdminHttpServer(settings, aeron, new EngineView(counters, latency, models, monitor), token, log);
    }

    /** @return the port it listens on: the configured one, or the one the system picked for {@code http.port = 0}. */
    public int port()
    {
        return ((InetSocketAddress)channel.localAddress()).getPort();
    }

    /** @return what the start line says of it. */
    public String describe()
    {
        return "admin HTTP on " + url +
            (readOnly ? " (read-only: no http.token.file)" : " (changes need the bearer token)");
    }

    /**
     * @return the URL of the API as {@code http.bind} names the host (the bound address would print 0.0.0.0 or
     * ::1 in long IPv6 form), an IPv6 literal in brackets so that the URL works as printed.
     */
    static String url(final String bind, final int port)
    {
        final boolean ipv6 = bind.indexOf(':') >= 0 && !bind.startsWith("[");
        return "http://" + (ipv6 ? "[" + bind + "]" : bind) + ":" + port;
    }

    /**
     * Stop accepting connections, let the changes already accepted finish and answer on their connections, then
     * close those.
     */
    public void close()
    {
        channel.close().syncUninterruptibly();
        admin.close();
        // The last answers are writes queued on the event loop: let them run before it closes the connections.
        group.submit(() -> { }).syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static byte[] readToken(final Path file, final Consumer<String> log)
    {
        final String token;
        try
        {
            token = Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file.toString(), 0, "http.token.file", "http.token.file cannot be read: " + ex);
        }
        if (token.isEmpty() || token.chars().anyMatch(Character::isWhitespace))
        {
            throw new ConfigException(file.toString(), 0, "http.token.file", "http.token.file must hold one " +
                "token (no spaces), not " + (token.isEmpty() ? "nothing" : "several words"));
        }
        if (token.chars().anyMatch((c) -> c < 0x21 || c > 0x7E))
        {
            // An HTTP header is read as ISO-8859-1: a token of other characters could never be presented.
            throw new ConfigException(file.toString(), 0, "http.token.file", "http.token.file must hold a token " +
                "of printable ASCII characters, as an HTTP header carries");
        }
        try
        {
            final Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.GROUP_READ) ||
                permissions.contains(PosixFilePermission.OTHERS_READ))
            {
                log.accept("warning: http.token.file " + file + " is readable by other users (chmod 600 it)");
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            // Not a POSIX file system: nothing to warn about.
        }
        return token.getBytes(StandardCharsets.UTF_8);
    }
}
