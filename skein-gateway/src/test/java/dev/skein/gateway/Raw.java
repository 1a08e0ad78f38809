package dev.skein.gateway;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an attacker's client writes: an HTTP request or a WebSocket handshake byte for byte on a
 * socket to 127.0.0.1, with whatever Host, Origin and Content-Type it likes (no client library
 * adds, fixes or refuses a header), and WebSocket text frames made by hand.
 */
final class Raw implements AutoCloseable {

    /** An answer: status, headers (lower-case names) and body. */
    record Answer(int status, Map<String, String> headers, String body) {
        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private Raw(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /**
     * One request: {@code headers} are name, value pairs written as given (a null Host means none is sent;
     * when no Host is in {@code headers}, {@code Host: 127.0.0.1:port} is); {@code body} with its Content-Length.
     */
    static Answer request(int port, String method, String target, String body, String... headers) throws IOException {
        try (Raw raw = new Raw(port)) {
            raw.write(method, target, body, headers);
            return raw.readAnswer();
        }
    }

    /** A WebSocket handshake at {@code target}; the connection stays open when it is answered 101. */
    static Raw websocket(int port, String target, String... headers) throws IOException {
        Raw raw = new Raw(port);
        String[] all = new String[headers.length + 8];
        System.arraycopy(new String[] {"Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Version", "13"}, 0, all, 0, 8);
        System.arraycopy(headers, 0, all, 8, headers.length);
        raw.write("GET", target, null, all);
        raw.handshake = raw.readHead();
        return raw;
    }

    private Answer handshake;

    /** The answer to the WebSocket handshake (its body is empty). */
    Answer handshake() {
        return handshake;
    }

    private void write(String method, String target, String body, String... headers) throws IOException {
        StringBuilder b = new StringBuilder(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        boolean host = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Host")) {
                host = true;
                if (headers[i + 1] == null) continue;
            }
            b.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        if (!host) b.append("Host: 127.0.0.1:").append(socket.getPort()).append("\r\n");
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) b.append("Content-Length: ").append(content.length).append("\r\n");
        b.append("\r\n");
        out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(content);
        out.flush();
    }

    private Answer readHead() throws IOException {
        String status = line();
        if (status == null) throw new IOException("the gateway closed the connection without an answer");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
        }
        return new Answer(Integer.parseInt(status.split(" ")[1]), headers, "");
    }

    private Answer readAnswer() throws IOException {
        Answer head = readHead();
        int length = Integer.parseInt(head.headers().getOrDefault("content-length", "0"));
        byte[] body = new byte[length];
        in.readFully(body);
        return new Answer(head.status(), head.headers(), new String(body, StandardCharsets.UTF_8));
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') b.write(c);
        }
        return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    /** Sends a masked text frame, as a client must. */
    Raw send(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        byte[] mask = {1, 2, 3, 4};
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
        out.write(frame.toByteArray());
        out.flush();
        return this;
    }

    /** The next text frame's text (control frames skipped); null when the connection ends. */
    String receive() throws IOException {
        while (true) {
            int first = in.read();
            if (first == -1) return null;
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) length = in.readUnsignedShort();
            else if (length == 127) length = in.readLong();
            byte[] payload = new byte[Math.toIntExact(length)];
            in.readFully(payload);
            int opcode = first & 0x0f;
            if (opcode == 8) return null;
            if (opcode == 1) return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** The next text frame that starts with {@code prefix}. */
    String receiveStartingWith(String prefix) throws IOException {
        for (String m = receive(); m != null; m = receive()) {
            if (m.startsWith(prefix)) return m;
        }
        throw new IOException("the connection ended before a message starting with " + prefix);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
