package io.lockstep.engine.http;

import io.lockstep.engine.AdminClient;
import io.lockstep.util.JsonParser;
import io.lockstep.util.JsonWriter;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.AttributeKey;

import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The routes of the admin HTTP API. Reads answer on the event loop from what the engine publishes; changes need
 * the bearer token and go, one at a time on the admin thread, through {@link AdminClient} to the engine's admin
 * stream, exactly as {@code lockstep admin} sends them, so each becomes a sequenced, journaled control input.
 * Every refusal is JSON naming what was wrong.
 */
@ChannelHandler.Sharable
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    static final String JSON = "application/json; charset=utf-8";
    static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";
    /** The authorization scheme, matched without regard to case (RFC 9110). */
    private static final String BEARER = "Bearer ";
    private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    private static final List<String> ROUTES = List.of("GET /health", "GET /metrics", "GET /models",
        "GET /alerts", "GET /drift", "GET /pnl",
        "POST /models/load", "POST /models/swap", "POST /models/rollback", "POST /models/shadow",
        "POST /models/canary", "POST /kill-switch", "POST /risk-limits");

    /** Marks a connection whose change waits for its answer. */
    private static final AttributeKey<Boolean> CHANGING = AttributeKey.valueOf("lockstep.admin.changing");

    /** A request that cannot be carried out as sent. */
    static final class Refusal extends RuntimeException
    {
        final HttpResponseStatus status;
        /** The method a 405 names in its Allow header. */
        final String allow;

        Refusal(final HttpResponseStatus status, final String message)
        {
            this(status, message, null);
        }

        Refusal(final HttpResponseStatus status, final String message, final String allow)
        {
            super(message);
            this.status = status;
            this.allow = allow;
        }
    }

    private final EngineView view;
    private final byte[] token;
    private final AdminLine admin;
    private final Consumer<String> log;
    private final String bindHost;

    /**
     * @param token    the bearer token changes must present, or null: then every change is refused.
     * @param bindHost {@code http.bind} as configured when it is a loopback address: requests must then name a
     *                 loopback host; null when the API listens beyond loopback.
     */
    AdminHttpHandler(
        final EngineView view, final byte[] token, final AdminLine admin, final Consumer<String> log,
        final String bindHost)
    {
        this.view = view;
        this.token = token;
        this.admin = admin;
        this.log = log;
        this.bindHost = bindHost;
    }

    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (isChanging(ctx))
        {
            // Pipelined behind a change: that change's answer closes the connection, and answers stay in order.
            return;
        }
        // After a decoding failure the codec discards the rest of the connection: answer, then close.
        final boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
        try
        {
            if (!request.decoderResult().isSuccess())
            {
                throw undecodable(request.decoderResult().cause());
            }
            // An absolute-form target (GET http://host/path) names the host itself, as RFC 9112 3.2.2 has it.
            final URI absolute = absoluteForm(request.uri());
            checkHost(absolute != null ? absolute.getRawAuthority() : request.headers().get(HttpHeaderNames.HOST));
            final String path = absolute != null ? new QueryStringDecoder(absolute).path() : path(request.uri());
            final HttpMethod method = request.method();
            switch (path)
            {
                case "/health":
                    expect(method, HttpMethod.GET, path);
                    final boolean healthy = view.healthy();
                    respond(ctx, keepAlive, healthy ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        JSON, view.health(healthy));
                    return;
                case "/metrics":
                    expect(method, HttpMethod.GET, path);
                    respond(ctx, keepAlive, HttpResponseStatus.OK, PROMETHEUS, view.metrics());
                    return;
                case "/models":
                    expect(method, HttpMethod.GET, path);
                    respond(ctx, keepAlive, HttpResponseStatus.OK, JSON, view.models());
                    return;
                case "/alerts":
                    expect(method, HttpMethod.GET, path);
                    respond(ctx, keepAlive, HttpResponseStatus.OK, JSON, view.alerts());
                    return;
                case "/drift":
                    expect(method, HttpMethod.GET, path);
                    respond(ctx, keepAlive, HttpResponseStatus.OK, JSON, view.drift());
                    return;
                case "/pnl":
                    expect(method, HttpMethod.GET, path);
                    respond(ctx, keepAlive, HttpResponseStatus.OK, JSON, view.pnl());
                    return;
                default:
                    break;
            }
            final AdminLine.Exchange exchange = change(ctx, request, path);
            // A change is answered later, from the admin line: read nothing more on this connection, and close it
            // after the answer, so no later request is answered before it.
            admin.submit(new AdminLine.Change()
            {
                public void run()
                {
                    carryOut(ctx, exchange);
                }

                public void refuse(final String reason)
                {
                    respond(ctx, false, HttpResponseStatus.SERVICE_UNAVAILABLE, JSON, error(reason));
                }
            });
            ctx.channel().attr(CHANGING).set(Boolean.TRUE);
            ctx.channel().config().setAutoRead(false);
        }
        catch (final Refusal refusal)
        {
            final FullHttpResponse response = response(refusal.status, JSON, error(refusal.getMessage()));
            if (refusal.allow != null)
            {
                response.headers().set(HttpHeaderNames.ALLOW, refusal.allow);
            }
            send(ctx, keepAlive, response);
        }
        catch (final RejectedExecutionException busy)
        {
            respond(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, JSON, error(admin.isStopping() ?
                "the engine is stopping" : "too many admin changes waiting; try again once they are answered"));
        }
        catch (final RuntimeException ex)
        {
            log.accept("admin HTTP: " + request.method() + " " + request.uri() + ": " + ex);
            respond(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, JSON, error(ex.toString()));
        }
    }

    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (isChanging(ctx))
        {
            // The change's answer closes the connection; closing now would lose it.
            log.accept("admin HTTP: connection from " + clientAddress(ctx) + ", waiting for its " +
                "change: " + cause);
            return;
        }
        log.accept("admin HTTP: connection from " + clientAddress(ctx) + " closed: " + cause);
        ctx.close();
    }

    /**
     * A connection idle for {@code http.idle.timeout} is closed, so that idle keep-alive clients do not hold sockets;
     * not while a change it sent waits for the engine's answer.
     */
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
    {
        if (event instanceof IdleStateEvent && !isChanging(ctx))
        {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    /** @return true when the connection waits for a change's answer: nothing else may be answered on it. */
    static boolean isChanging(final ChannelHandlerContext ctx)
    {
        return isChanging(ctx.channel());
    }

    static boolean isChanging(final Channel channel)
    {
        return channel.hasAttr(CHANGING);
    }

    /**
     * Listening on loopback, the API answers only requests addressed to a loopback name: a web page the operator
     * opens could otherwise point a name of its own at 127.0.0.1 and read the reports (DNS rebinding). A request
     * without a Host header (HTTP/1.0) names nothing and passes.
     */
    private void checkHost(final String host)
    {
        if (bindHost == null || host == null)
        {
            return;
        }
        final int portAt = host.startsWith("[") ? host.indexOf("]:") + 1 : host.lastIndexOf(':');
        final String name = (portAt > 0 ? host.substring(0, portAt) : host).toLowerCase(Locale.ROOT);
        if (!name.equals("localhost") && !name.equals("[::1]") && !LOOPBACK_IPV4.matcher(name).matches() &&
            !name.equals(bindHost.toLowerCase(Locale.ROOT)) && !name.equals("[" + bindHost + "]"))
        {
            throw new Refusal(HttpResponseStatus.FORBIDDEN, "Host " + host + " is not a loopback name: the API " +
                "listens on loopback and answers requests addressed to localhost, 127.x.x.x, [::1] or its http.bind, " +
                bindHost);
        }
    }

    /** {@code 127.0.0.1:58958} or {@code [::1]:58958} (an InetSocketAddress prints a '/' before an address). */
    private static String clientAddress(final ChannelHandlerContext ctx)
    {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress inet)
        {
            final String host = inet.getHostString();
            return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
        }
        return String.valueOf(ctx.channel().remoteAddress());
    }

    /** The change a POST asks for, checked (route, method, token, body) before anything is sent to the engine. */
    private AdminLine.Exchange change(final ChannelHandlerContext ctx, final FullHttpRequest request, final String path)
    {
        final String issuer = "http " + clientAddress(ctx);
        final Map<String, Object> body;
        switch (path)
        {
            case "/models/load":
                body = authorisedBody(request, path, Set.of("artifact"), Set.of());
                final Path artifact = path(body, "artifact");
                return (client) ->
                {
                    // On the admin line, not the event loop: a path on a hung mount must not stall every read.
                    if (!Files.exists(artifact))
                    {
                        throw new IllegalArgumentException("no such artifact: " + artifact);
                    }
                    return List.of(client.send(AdminClient.load(artifact, issuer), AdminLine.TIMEOUT_NS));
                };
            case "/models/swap":
                body = authorisedBody(request, path, Set.of("model"), Set.of());
                final String swapped = text(body, "model");
                return (client) -> client.sendAbout(swapped, issuer, AdminClient.swap(issuer), AdminLine.TIMEOUT_NS);
            case "/models/rollback":
                authorisedBody(request, path, Set.of(), Set.of());
                return (client) -> List.of(client.send(AdminClient.rollback(issuer), AdminLine.TIMEOUT_NS));
            case "/models/shadow":
                body = authorisedBody(request, path, Set.of("model"), Set.of("remove"));
                final String shadowed = text(body, "model");
                final AdminClient.ModelRequest shadow = AdminClient.shadow(flag(body, "remove"), issuer);
                return (client) -> client.sendAbout(shadowed, issuer, shadow, AdminLine.TIMEOUT_NS);
            case "/models/canary":
                body = authorisedBody(request, path, Set.of("model", "fraction"), Set.of());
                final String canary = text(body, "model");
                final AdminClient.ModelRequest fraction =
                    checked(() -> AdminClient.canary(number(body, "fraction"), issuer));
                return (client) -> client.sendAbout(canary, issuer, fraction, AdminLine.TIMEOUT_NS);
            case "/kill-switch":
                body = authorisedBody(request, path, Set.of("engaged", "reason"), Set.of());
                final AdminClient.Request killSwitch = checked(() ->
                    AdminClient.killSwitch(flag(body, "engaged"), issuer, text(body, "reason")));
                return (client) -> List.of(client.send(killSwitch, AdminLine.TIMEOUT_NS));
            case "/risk-limits":
                body = authorisedBody(request, path, Set.of("key", "value"), Set.of());
                final Object value = body.get("value");
                final AdminClient.Request limit = checked(() -> AdminClient.riskLimit(text(body, "key"),
                    value instanceof Number number ? wholeNumber(number) : text(body, "value"), issuer));
                return (client) -> List.of(client.send(limit, AdminLine.TIMEOUT_NS));
            default:
                throw new Refusal(HttpResponseStatus.NOT_FOUND, "no route " + request.method() + " " + path +
                    "; the routes are " + String.join(", ", ROUTES));
        }
    }

    /**
     * A JSON number as the whole number it is, however written ({@code 500}, {@code 500.0}, {@code 5e2}); any other
     * as it reads, for the refusal to name.
     */
    private static String wholeNumber(final Number number)
    {
        if (number instanceof Double value && Double.isFinite(value))
        {
            final BigDecimal exact = new BigDecimal(value).stripTrailingZeros();
            return exact.scale() <= 0 ? exact.toPlainString() : number.toString();
        }
        return number.toString();
    }

    /** A request the client builds from the body, its refusal of a value a bad request. */
    private static <T> T checked(final java.util.function.Supplier<T> request)
    {
        try
        {
            return request.get();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, ex.getMessage());
        }
    }

    /** POST, the right token, and a JSON object with the required fields and no others (an empty body is {}). */
    private Map<String, Object> authorisedBody(
        final FullHttpRequest request, final String path, final Set<String> required, final Set<String> optional)
    {
        expect(request.method(), HttpMethod.POST, path);
        if (token == null)
        {
            throw new Refusal(HttpResponseStatus.FORBIDDEN, "changes are off: the engine's config names no " +
                "http.token.file");
        }
        final String authorization = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        final boolean bearer = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        final byte[] presented = bearer ?
            authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (!MessageDigest.isEqual(presented, token))
        {
            throw new Refusal(HttpResponseStatus.UNAUTHORIZED, authorization.isEmpty() ?
                "no Authorization: Bearer token" : "wrong bearer token");
        }
        final String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(request.content().nioBuffer()).toString();
        }
        catch (final CharacterCodingException ex)
        {
            // Replaced, a bad byte would reach the journal as U+FFFD in a reason the sender never wrote.
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "the body of POST " + path + " is not UTF-8 text, as " +
                "JSON must be (RFC 8259)");
        }
        if (text.isBlank())
        {
            return checkFields(Map.of(), path, required, optional);
        }
        final Object parsed;
        try
        {
            parsed = JsonParser.parse(text, "the body of POST " + path);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, ex.getMessage());
        }
        if (!(parsed instanceof Map))
        {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "the body of POST " + path + " must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> fields = (Map<String, Object>)parsed;
        return checkFields(fields, path, required, optional);
    }

    private static Map<String, Object> checkFields(
        final Map<String, Object> fields, final String path, final Set<String> required, final Set<String> optional)
    {
        for (final String name : required)
        {
            if (!fields.containsKey(name))
            {
                throw new Refusal(HttpResponseStatus.BAD_REQUEST, "POST " + path + " needs the field \"" + name +
                    "\"");
            }
        }
        for (final String name : fields.keySet())
        {
            if (!required.contains(name) && !optional.contains(name))
            {
                throw new Refusal(HttpResponseStatus.BAD_REQUEST, "POST " + path + " has no field \"" + name +
                    "\"");
            }
        }
        return fields;
    }

    private static String text(final Map<String, Object> body, final String name)
    {
        if (body.get(name) instanceof String value && !value.isEmpty())
        {
            return value;
        }
        throw new Refusal(HttpResponseStatus.BAD_REQUEST, "field \"" + name + "\" must be a non-empty string");
    }

    private static Path path(final Map<String, Object> body, final String name)
    {
        final String text = text(body, name);
        try
        {
            return Path.of(text);
        }
        catch (final InvalidPathException ex)
        {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "field \"" + name + "\" is not a path: " +
                ex.getMessage());
        }
    }

    private static boolean flag(final Map<String, Object> body, final String name)
    {
        final Object value = body.getOrDefault(name, Boolean.FALSE);
        if (value instanceof Boolean flag)
        {
            return flag;
        }
        throw new Refusal(HttpResponseStatus.BAD_REQUEST, "field \"" + name + "\" must be true or false");
    }

    private static double number(final Map<String, Object> body, final String name)
    {
        if (body.get(name) instanceof Number value)
        {
            return value.doubleValue();
        }
        throw new Refusal(HttpResponseStatus.BAD_REQUEST, "field \"" + name + "\" must be a number");
    }

    /** What the codec could not read, in words: its exceptions name Netty's classes. */
    private static Refusal undecodable(final Throwable cause)
    {
        if (cause instanceof TooLongHttpLineException)
        {
            return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, "the request line is over " +
                AdminHttpServer.MAX_REQUEST_LINE_BYTES + " bytes");
        }
        if (cause instanceof TooLongHttpHeaderException)
        {
            return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the headers are over " +
                AdminHttpServer.MAX_HEADER_BYTES + " bytes");
        }
        return new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed HTTP request: expected a request line " +
            "(METHOD /path HTTP/1.1), then headers");
    }

    private static void expect(final HttpMethod method, final HttpMethod expected, final String path)
    {
        // HEAD is GET without the body (RFC 9110): the server codec leaves the content out of a HEAD's answer.
        final boolean headOfGet = expected.equals(HttpMethod.GET) && method.equals(HttpMethod.HEAD);
        if (!method.equals(expected) && !headOfGet)
        {
            throw new Refusal(HttpResponseStatus.METHOD_NOT_ALLOWED, path + " takes " + expected + ", not " +
                method, expected.equals(HttpMethod.GET) ? "GET, HEAD" : expected.name());
        }
    }

    /** @return the target as a URI when it is in absolute form ({@code http://host/path}), else null. */
    private static URI absoluteForm(final String target)
    {
        if (!target.regionMatches(true, 0, "http://", 0, 7) && !target.regionMatches(true, 0, "https://", 0, 8))
        {
            return null;
        }
        try
        {
            return new URI(target);
        }
        catch (final URISyntaxException ex)
        {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed request target " + target + ": " +
                ex.getMessage());
        }
    }

    private static String path(final String uri)
    {
        try
        {
            return new QueryStringDecoder(uri).path();
        }
        catch (final IllegalArgumentException ex)
        {
            throw new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed request target " + uri + ": " +
                ex.getMessage());
        }
    }

    /** On the admin line's thread: run the exchange, answer with every answer the engine gave, then close. */
    private void carryOut(final ChannelHandlerContext ctx, final AdminLine.Exchange exchange)
    {
        HttpResponseStatus status = HttpResponseStatus.INTERNAL_SERVER_ERROR;
        String body = error("the change failed inside the engine's HTTP API; see the engine's log");
        try
        {
            final List<AdminClient.Answer> answers = admin.exchange(exchange);
            final boolean applied = answers.stream().allMatch(AdminClient.Answer::applied);
            status = applied ? HttpResponseStatus.OK : HttpResponseStatus.CONFLICT;
            body = answersJson(applied, answers);
        }
        catch (final AdminClient.NoAnswerException ex)
        {
            status = HttpResponseStatus.SERVICE_UNAVAILABLE;
            body = error(ex.getMessage());
        }
        catch (final IllegalArgumentException ex)
        {
            status = HttpResponseStatus.BAD_REQUEST;
            body = error(ex.getMessage());
        }
        catch (final RuntimeException ex)
        {
            log.accept("admin HTTP: " + ex);
            body = error(ex.toString());
        }
        finally
        {
            // Answered whatever happened (an Error included), or the client would wait forever.
            respond(ctx, false, status, JSON, body);
        }
    }

    private static String answersJson(final boolean applied, final List<AdminClient.Answer> answers)
    {
        final JsonWriter json = new JsonWriter().beginObject().name("applied").value(applied)
            .name("answers").beginArray();
        for (final AdminClient.Answer answer : answers)
        {
            json.beginObject().name("applied").value(answer.applied())
                .name("model").value(isZero(answer.hash()) ? null : answer.hashHex())
                .name("text").value(answer.text().strip()).endObject();
        }
        return json.endArray().endObject().toString();
    }

    /** Every refusal says what was wrong with the request. */
    static String error(final String message)
    {
        return new JsonWriter().beginObject().name("error").value(message).endObject().toString();
    }

    private static boolean isZero(final byte[] hash)
    {
        for (final byte b : hash)
        {
            if (b != 0)
            {
                return false;
            }
        }
        return true;
    }

    static void respond(
        final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status,
        final String contentType, final String body)
    {
        send(ctx, keepAlive, response(status, contentType, body));
    }

    static FullHttpResponse response(
        final HttpResponseStatus status, final String contentType, final String body)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(body.endsWith("\n") ? body : body + "\n", StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes());
        if (status == HttpResponseStatus.UNAUTHORIZED)
        {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"lockstep\"");
        }
        return response;
    }

    private static void send(final ChannelHandlerContext ctx, final boolean keepAlive, final FullHttpResponse response)
    {
        if (keepAlive)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        }
        else
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
