package dev.skein.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The floor under the mesh on tcp: a bare {@code java.net} socket between the benchmark's two JVMs
 * on loopback, frames of the size of the end-to-end benchmark's (a 4-byte length, then a 150-byte
 * request, a 170-byte answer), no parsing, no threads between the socket and the caller. The server
 * half runs in {@link BenchServer}; {@link EndToEnd} measures it beside the mesh in the same run, so
 * the two can be compared as a ratio on a machine whose speed varies from run to run.
 */
final class SocketEcho {

    static final int REQUEST = 150;
    static final int ANSWER = 170;
    static final String PORT_LINE = "SKEIN-BENCH-ECHO";
    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);

    private SocketEcho() {
    }

    /** Starts the echo server on 127.0.0.1 (any free port), one daemon thread per connection; returns the port. */
    static int serve() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    Thread t = new Thread(() -> echo(s), "bench-echo-connection");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "bench-echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    /** Answers every request of one connection in order, flushing when no further request has arrived yet. */
    private static void echo(Socket socket) {
        byte[] answer = new byte[ANSWER];
        java.util.Arrays.fill(answer, (byte) 'y');
        try (socket) {
            socket.setTcpNoDelay(true);
            BufferedInputStream buffered = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            DataInputStream in = new DataInputStream(buffered);
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            byte[] request = new byte[64 * 1024];
            while (true) {
                int length = in.readInt();
                if (length < 0 || length > request.length) return;
                in.readFully(request, 0, length);
                out.writeInt(ANSWER);
                out.write(answer);
                if (buffered.available() == 0) out.flush();
            }
        } catch (EOFException end) {
            // the client closed it
        } catch (IOException e) {
            // the client went away
        }
    }

    record Result(long count, long nanos, Histogram histogram) {
    }

    /** One request in flight for {@code seconds}: write it, wait for its answer, again. */
    static Result oneInFlight(int port, int seconds) throws IOException {
        Histogram histogram = new Histogram(HIGHEST_NANOS, 3);
        byte[] request = request();
        byte[] answer = new byte[ANSWER];
        try (Socket socket = connect(port)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long count = 0;
            long now = start;
            while (now < end) {
                out.writeInt(REQUEST);
                out.write(request);
                out.flush();
                readAnswer(in, answer);
                long done = System.nanoTime();
                histogram.recordValue(Math.min(done - now, HIGHEST_NANOS));
                count++;
                now = done;
            }
            return new Result(count, now - start, histogram);
        }
    }

    /** Up to {@code inflight} requests on the wire for {@code seconds}: one thread writes, another reads the answers in order. */
    static Result pipelined(int port, int inflight, int seconds) throws Exception {
        ConcurrentHistogram histogram = new ConcurrentHistogram(HIGHEST_NANOS, 3);
        byte[] request = request();
        long[] sentAt = new long[inflight];
        Semaphore permits = new Semaphore(inflight);
        AtomicReference<Throwable> failed = new AtomicReference<>();
        try (Socket socket = connect(port)) {
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 64 * 1024));
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long[] sent = {0};
            long[] received = {0};
            Thread reader = new Thread(() -> {
                byte[] answer = new byte[ANSWER];
                try {
                    while (true) {
                        readAnswer(in, answer);
                        long n = received[0]++;
                        histogram.recordValue(Math.min(System.nanoTime() - sentAt[(int) (n % inflight)], HIGHEST_NANOS));
                        permits.release();
                    }
                } catch (IOException e) {
                    if (!socket.isClosed()) failed.compareAndSet(null, e);
                }
            }, "bench-echo-reader");
            reader.setDaemon(true);
            reader.start();
            while (System.nanoTime() < end) {
                if (!permits.tryAcquire(15, TimeUnit.SECONDS)) throw new TimeoutException("no echo answered for 15 s");
                sentAt[(int) (sent[0]++ % inflight)] = System.nanoTime();
                out.writeInt(REQUEST);
                out.write(request);
                if (permits.availablePermits() == 0 || System.nanoTime() >= end) out.flush();
            }
            out.flush();
            if (!permits.tryAcquire(inflight, 30, TimeUnit.SECONDS)) throw new TimeoutException("echoes still missing 30 s after the end");
            long nanos = System.nanoTime() - start;
            if (failed.get() != null) throw new IOException("the echo connection failed", failed.get());
            return new Result(sent[0], nanos, histogram.copy());
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 3000);
        return socket;
    }

    private static byte[] request() {
        byte[] request = new byte[REQUEST];
        java.util.Arrays.fill(request, (byte) 'x');
        return request;
    }

    private static void readAnswer(DataInputStream in, byte[] answer) throws IOException {
        int length = in.readInt();
        if (length != ANSWER) throw new IOException("an echo of " + length + " bytes, not " + ANSWER);
        in.readFully(answer);
    }
}
