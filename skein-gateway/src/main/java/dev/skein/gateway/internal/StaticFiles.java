package dev.skein.gateway.internal;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a gateway serves for paths no service takes: from a folder, then from class-path
 * resources under a prefix ({@code /} is {@code index.html}); and the gateway's own pages.
 */
final class StaticFiles {

    private static final Logger LOG = LoggerFactory.getLogger(StaticFiles.class);

    private final Path root;
    private final String resources;

    /** Files under {@code root} (or null), then resources under {@code resources} (or null). */
    StaticFiles(Path root, String resources) {
        this.root = root;
        this.resources = resources;
    }

    /** The answer for {@code relative} (a path without its leading slash), or null when no file has it. */
    FullHttpResponse file(String relative) {
        if (relative.isEmpty()) relative = "index.html";
        if (relative.contains("..") || relative.contains("\\")) return null;
        if (relative.chars().anyMatch(c -> c < 0x20)) {
            throw new dev.skein.core.errors.BadRequest("The path holds a control character (such as %00), which no file name may");
        }
        byte[] bytes = null;
        try {
            if (root != null) {
                Path file = root.resolve(relative).normalize();
                if (file.startsWith(root) && Files.isRegularFile(file)) bytes = Files.readAllBytes(file);
            }
            if (bytes == null && resources != null) {
                try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resources + "/" + relative)) {
                    if (in != null) bytes = in.readAllBytes();
                }
            }
        } catch (java.nio.file.InvalidPathException e) {
            throw new dev.skein.core.errors.BadRequest("The path is not a valid file name here: " + e.getReason());
        } catch (IOException e) {
            LOG.warn("Cannot read static file {}: {}", relative, e.getMessage());
            return null;
        }
        return bytes == null ? null : ok(bytes, relative);
    }

    /** A class-path resource of the gateway itself (the dashboard's page), not cached by browsers. */
    static FullHttpResponse resource(String resource) {
        byte[] bytes;
        try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("the gateway's resource " + resource + " is missing from its jar");
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        FullHttpResponse response = ok(bytes, resource);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        return response;
    }

    private static FullHttpResponse ok(byte[] bytes, String name) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType(name));
        return response;
    }

    static String contentType(String name) {
        if (name.endsWith(".html")) return "text/html; charset=utf-8";
        if (name.endsWith(".js")) return "text/javascript; charset=utf-8";
        if (name.endsWith(".css")) return "text/css; charset=utf-8";
        if (name.endsWith(".json")) return "application/json";
        if (name.endsWith(".svg")) return "image/svg+xml";
        if (name.endsWith(".png")) return "image/png";
        return "application/octet-stream";
    }
}
