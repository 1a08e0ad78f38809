package dev.skein.gateway.internal;

import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.socket.engineio.server.EngineIoServer;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One Engine.IO long-polling request, handed to socket.io's server through the servlet types it
 * speaks: the request, the response and the asynchronous context are views of the Netty request
 * and of an answer built in memory, written when the server completes it (at once, or when it has
 * packets for a waiting poll). Only what the Engine.IO server uses is answered; anything else
 * throws, so a library update that needs more fails loudly in the tests.
 */
final class SocketIoPolling {

    private final ChannelHandlerContext ctx;
    private final FullHttpRequest request;
    private final boolean keepAlive;
    private final Map<String, Object> attributes = new HashMap<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final Map<String, List<String>> headers = new HashMap<>();
    private final List<AsyncListener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicBoolean answered = new AtomicBoolean();
    private volatile int status = 200;
    private volatile PrintWriter writer;
    private volatile boolean async;
    private volatile AsyncContext asyncContext;
    /** While a poll waits: its connection's end abandons it. */
    private final io.netty.util.concurrent.GenericFutureListener<io.netty.util.concurrent.Future<? super Void>> onClose = f -> abandoned();

    private final HttpServletRequest servletRequest;
    private final HttpServletResponse servletResponse;

    private SocketIoPolling(ChannelHandlerContext ctx, FullHttpRequest request) {
        this.ctx = ctx;
        this.request = request;
        this.keepAlive = HttpUtil.isKeepAlive(request);
        this.servletRequest = request();
        this.servletResponse = response();
    }

    /** Serves {@code request} with {@code engine}; the answer is written now, or when a waiting poll completes. */
    static void handle(EngineIoServer engine, ChannelHandlerContext ctx, FullHttpRequest request) throws IOException {
        SocketIoPolling exchange = new SocketIoPolling(ctx, request.retainedDuplicate());
        try {
            engine.handleRequest(exchange.servletRequest, exchange.servletResponse);
        } finally {
            if (!exchange.async) exchange.answer();
        }
        // a poll that waits ends with its channel: the server must not keep writing to it
        if (!exchange.answered.get()) {
            ctx.channel().closeFuture().addListener(exchange.onClose);
            if (exchange.answered.get()) ctx.channel().closeFuture().removeListener(exchange.onClose);
        }
    }

    private HttpServletRequest request() {
        String uri = request.uri();
        int q = uri.indexOf('?');
        String queryString = q < 0 ? null : uri.substring(q + 1);
        InvocationHandler h = (proxy, method, args) -> switch (method.getName()) {
            case "getQueryString" -> queryString;
            case "getMethod" -> request.method().name();
            case "getHeader" -> request.headers().get((String) args[0]);
            case "getHeaders" -> Collections.enumeration(request.headers().getAll((String) args[0]));
            case "getHeaderNames" -> Collections.enumeration(request.headers().names());
            case "getAttribute" -> attributes.get((String) args[0]);
            case "setAttribute" -> attributes.put((String) args[0], args[1]);
            case "getContentLength" -> request.content().readableBytes();
            case "getInputStream" -> input();
            case "isAsyncSupported" -> true;
            case "isAsyncStarted" -> async;
            case "startAsync" -> startAsync();
            case "getAsyncContext" -> asyncContext;
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "socket.io polling request " + uri;
            default -> throw new UnsupportedOperationException("HttpServletRequest." + method.getName() + " is not served by the gateway");
        };
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{HttpServletRequest.class}, h);
    }

    private HttpServletResponse response() {
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "setStatus" -> status = (Integer) args[0];
                case "addHeader", "setHeader" -> {
                    if ("setHeader".equals(method.getName())) headers.remove((String) args[0]);
                    headers.computeIfAbsent((String) args[0], k -> new ArrayList<>()).add((String) args[1]);
                }
                case "setContentType" -> headers.put("Content-Type", new ArrayList<>(List.of((String) args[0])));
                case "setContentLength", "setCharacterEncoding" -> { } // Netty sets the length; the writer is UTF-8
                case "getWriter" -> {
                    if (writer == null) writer = new PrintWriter(new OutputStreamWriter(body, StandardCharsets.UTF_8));
                    return writer;
                }
                case "getOutputStream" -> {
                    return output();
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "socket.io polling response";
                }
                default -> throw new UnsupportedOperationException("HttpServletResponse." + method.getName() + " is not served by the gateway");
            }
            return null;
        };
        return (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{HttpServletResponse.class}, h);
    }

    private AsyncContext startAsync() {
        async = true;
        InvocationHandler h = (proxy, method, args) -> {
            switch (method.getName()) {
                case "complete" -> {
                    answer();
                    for (AsyncListener l : List.copyOf(listeners)) l.onComplete(new AsyncEvent((AsyncContext) proxy));
                }
                case "addListener" -> listeners.add((AsyncListener) args[0]);
                case "getRequest" -> {
                    return servletRequest; // an AsyncEvent asks for them
                }
                case "getResponse" -> {
                    return servletResponse;
                }
                case "setTimeout" -> { } // a waiting poll ends by the server's pings, or with its connection
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "toString" -> {
                    return "socket.io polling async context";
                }
                default -> throw new UnsupportedOperationException("AsyncContext." + method.getName() + " is not served by the gateway");
            }
            return null;
        };
        asyncContext = (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{AsyncContext.class}, h);
        return asyncContext;
    }

    private ServletInputStream input() {
        InputStream in = new ByteBufInputStream(request.content());
        return new ServletInputStream() {
            @Override
            public boolean isFinished() {
                return request.content().readableBytes() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException("non-blocking reads are not served by the gateway");
            }

            @Override
            public int read() throws IOException {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return in.read(b, off, len);
            }
        };
    }

    private ServletOutputStream output() {
        return new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
                throw new UnsupportedOperationException("non-blocking writes are not served by the gateway");
            }

            @Override
            public void write(int b) {
                body.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                body.write(b, off, len);
            }
        };
    }

    /** Writes the answer once. */
    private void answer() {
        if (!answered.compareAndSet(false, true)) return;
        ctx.channel().closeFuture().removeListener(onClose);
        request.release();
        if (writer != null) writer.flush();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
                Unpooled.wrappedBuffer(body.toByteArray()));
        headers.forEach((name, values) -> response.headers().add(name, values));
        HttpUtil.setContentLength(response, response.content().readableBytes());
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            ctx.writeAndFlush(response).addListener(io.netty.channel.ChannelFutureListener.CLOSE);
        }
    }

    /** Its connection closed before the server completed it: the server hears of it as an error of the poll. */
    private void abandoned() {
        if (!async || answered.get()) return;
        if (answered.compareAndSet(false, true)) request.release();
        for (AsyncListener l : List.copyOf(listeners)) {
            try {
                l.onError(new AsyncEvent(asyncContext, new IOException("the poll's connection closed")));
            } catch (IOException ignored) {
                // nothing more to do for a closed connection
            }
        }
    }
}
