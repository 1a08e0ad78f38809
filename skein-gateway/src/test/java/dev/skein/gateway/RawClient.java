package dev.skein.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * An attacker's connection to a gateway: a plain socket from a chosen loopback address that writes
 * what it is told, byte for byte (request heads, partial bodies, hand-made WebSocket frames), and
 * reads what comes back with a bound in time.
 */
final class RawClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    /** Connects to {@code port} on 127.0.0.1 from {@code from} (127.0.0.2, 127.0.0.3... play distinct clients). */
    RawClient(String from, int port) throws IOException {
        socket = new Socket();
        socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
    }

    RawClient write(String text) throws IOException {
        return write(text.getBytes(StandardCharsets.UTF_8));
    }

    RawClient write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Writes {@code count} bytes of {@code fill} in 64 KiB pieces. */
    RawClient fill(long count, byte fill) throws IOException {
        byte[] chunk = new byte[64 * 1024];
        java.util.Arrays.fill(chunk, fill);
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(chunk.length, left);
            out.write(chunk, 0, n);
            left -= n;
        }
        out.flush();
        return this;
    }

    /** The bytes that arrive within {@code millis} (less when the connection closes sooner); empty when none does. */
    String read(int millis) throws IOException {
        socket.setSoTimeout(millis);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        long end = System.nanoTime() + millis * 1_000_000L;
        byte[] buf = new byte[8192];
        try {
            while (System.nanoTime() < end) {
                int n = in.read(buf);
                if (n < 0) break;
                got.write(buf, 0, n);
                if (got.size() > 0 && in.available() == 0 && complete(got.toString(StandardCharsets.ISO_8859_1))) break;
            }
        } catch (SocketTimeoutException e) {
            // what came so far is the answer
        } catch (IOException e) {
            if (got.size() == 0) throw e; // a reset after the answer keeps the answer
        }
        return got.toString(StandardCharsets.UTF_8);
    }

    /** An HTTP answer whose head and declared body have arrived. */
    private static boolean complete(String text) {
        int head = text.indexOf("\r\n\r\n");
        if (head < 0) return false;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(text.substring(0, head));
        return !m.find() || text.length() - head - 4 >= Integer.parseInt(m.group(1));
    }

    /** Whether bytes have arrived that are not read yet. */
    boolean hasBytes() throws IOException {
        return in.available() > 0;
    }

    /** Whether the server closed the connection within {@code millis} (reads and drops what else arrives). */
    boolean closedWithin(int millis) throws IOException {
        long end = System.nanoTime() + millis * 1_000_000L;
        byte[] buf = new byte[8192];
        while (System.nanoTime() < end) {
            socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000L));
            try {
                if (in.read(buf) < 0) return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }
        return false;
    }

    /** Sends a WebSocket upgrade for {@code path} and answers the server's head (101 when it took it). */
    String upgrade(String path) throws IOException {
        write("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
        StringBuilder head = new StringBuilder();
        socket.setSoTimeout(10_000);
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            if (b < 0) break;
            head.append((char) b);
        }
        return head.toString();
    }

    /** The head of a masked client frame (FIN, {@code opcode}) that declares {@code length} bytes of payload. */
    static byte[] frameHead(int opcode, long length) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x80 | opcode);
        if (length < 126) {
            b.write(0x80 | (int) length);
        } else if (length < 65536) {
            b.write(0x80 | 126);
            b.write((int) (length >> 8));
            b.write((int) length);
        } else {
            b.write(0x80 | 127);
            for (int i = 7; i >= 0; i--) b.write((int) (length >> (8 * i)));
        }
        b.write(new byte[4], 0, 4); // a zero mask: the payload goes as it is
        return b.toByteArray();
    }

    /** A whole masked text frame. */
    static byte[] textFrame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] head = frameHead(1, payload.length);
        byte[] frame = java.util.Arrays.copyOf(head, head.length + payload.length);
        System.arraycopy(payload, 0, frame, head.length, payload.length);
        return frame;
    }

    static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    static int random() {
        return ThreadLocalRandom.current().nextInt(1_000_000);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
