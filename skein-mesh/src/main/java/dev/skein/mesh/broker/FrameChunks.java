package dev.skein.mesh.broker;

import dev.skein.mesh.spi.LogLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Frames longer than a broker's largest message, sent as chunks and put together again on the
 * other side (NATS takes 1 MiB by default; the mesh's frames go to {@code maxFrameSize}, 16 MiB).
 * A chunk is a message of its own that no codec reads:
 *
 * <pre>
 * 0xA8 | frame id (8) | frame length (4) | offset (4) | bytes
 * </pre>
 *
 * <p>The chunks of one frame go out one after the other from the thread that sends it, and a broker
 * keeps one publisher's order on a subject, so a receiver takes them in order and refuses any other:
 * a chunk out of order, one whose frame length differs from its first chunk's, a frame longer than
 * the mesh's maximum. What it holds is bounded before it is allocated: the bytes received so far of
 * at most {@link #MAX_PARTIAL_FRAMES} frames, {@link #MAX_PARTIAL_BYTES_FACTOR} times the maximum
 * frame size in all; a frame that gets no chunk for {@link #STALE_AFTER} (its sender died halfway)
 * is dropped. Chunks travel only where the whole frame could not, so a node that predates them
 * loses nothing it would have received.
 *
 * <p>Thread-safe; a receiver's {@link #accept} is meant to be called by the one thread that
 * delivers the broker's messages, in their order.
 */
public final class FrameChunks {

    /** The first byte of a chunk: JSON packets start with '{', CBOR ones with 0xBF, sealed ones with 0xA4/0xA5. */
    public static final byte MAGIC = (byte) 0xA8;
    /** Bytes of a chunk's header. */
    public static final int HEADER = 17;
    static final int MAX_PARTIAL_FRAMES = 64;
    static final int MAX_PARTIAL_BYTES_FACTOR = 4;
    static final Duration STALE_AFTER = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(FrameChunks.class);
    private static final SecureRandom IDS = new SecureRandom();

    private final String nodeId;
    private final int maxFrameSize;
    private final LongSupplier nanoTime;
    private final LogLimiter refusals = new LogLimiter(Duration.ofMinutes(1));
    /** The frames being put together, by frame id, oldest first; guarded by this. */
    private final Map<Long, Partial> partials = new LinkedHashMap<>();
    /** Bytes held in {@link #partials}; guarded by this. */
    private long held;

    /** Chunks for a node ({@code nodeId}, in log lines) whose frames are at most {@code maxFrameSize} bytes. */
    public FrameChunks(String nodeId, int maxFrameSize) {
        this(nodeId, maxFrameSize, System::nanoTime);
    }

    FrameChunks(String nodeId, int maxFrameSize, LongSupplier nanoTime) {
        this.nodeId = nodeId;
        this.maxFrameSize = maxFrameSize;
        this.nanoTime = nanoTime;
    }

    /** Whether {@code message} is a chunk. */
    public static boolean isChunk(byte[] message) {
        return message.length > 0 && message[0] == MAGIC;
    }

    /**
     * {@code frame} in chunks of at most {@code maxMessage} bytes each, header included, in the
     * order to send them.
     *
     * @throws IllegalArgumentException when {@code maxMessage} leaves no room for data
     */
    public static List<byte[]> split(byte[] frame, int maxMessage) {
        int room = maxMessage - HEADER;
        if (room < 1) throw new IllegalArgumentException("a message of " + maxMessage + " bytes leaves no room for a chunk");
        long id = IDS.nextLong();
        List<byte[]> chunks = new ArrayList<>(frame.length / room + 1);
        for (int offset = 0; offset < frame.length; offset += room) {
            int n = Math.min(room, frame.length - offset);
            ByteBuffer chunk = ByteBuffer.allocate(HEADER + n);
            chunk.put(MAGIC).putLong(id).putInt(frame.length).putInt(offset).put(frame, offset, n);
            chunks.add(chunk.array());
        }
        return chunks;
    }

    /**
     * Takes one chunk, from {@code source} (for log lines); returns the whole frame when this chunk
     * was its last, else null. A chunk that breaks the rules is dropped, with the frame it belonged
     * to, and logged once a minute per kind.
     */
    public synchronized byte[] accept(byte[] chunk, String source) {
        long now = nanoTime.getAsLong();
        dropStale(now);
        if (chunk.length <= HEADER || chunk[0] != MAGIC) return refuse("a chunk without its header", source);
        ByteBuffer header = ByteBuffer.wrap(chunk, 1, HEADER - 1);
        long id = header.getLong();
        int length = header.getInt();
        int offset = header.getInt();
        int n = chunk.length - HEADER;
        Partial partial = partials.get(id);
        if (partial == null) {
            if (offset != 0) return refuse("a chunk whose first part never came", source);
            if (length < 1 || length > maxFrameSize) {
                return refuse("a chunked frame of " + Integer.toUnsignedString(length) + " bytes (at most " + maxFrameSize + ")", source);
            }
            if (partials.size() >= MAX_PARTIAL_FRAMES || held + n > (long) MAX_PARTIAL_BYTES_FACTOR * maxFrameSize) {
                return refuse("more chunked frames at once than it holds", source);
            }
            partial = new Partial(length);
            partials.put(id, partial);
        } else if (length != partial.length || offset != partial.received) {
            drop(id, partial);
            return refuse("a chunk out of order or of another length", source);
        }
        if (n > partial.length - partial.received || held + n > (long) MAX_PARTIAL_BYTES_FACTOR * maxFrameSize) {
            drop(id, partial);
            return refuse("a chunk beyond its frame's length", source);
        }
        partial.add(chunk, HEADER, n, now);
        held += n;
        if (partial.received < partial.length) return null;
        drop(id, partial);
        return partial.whole();
    }

    /** Frames being put together now. */
    synchronized int partialFrames() {
        return partials.size();
    }

    private void dropStale(long now) {
        for (Iterator<Map.Entry<Long, Partial>> it = partials.entrySet().iterator(); it.hasNext(); ) {
            Partial p = it.next().getValue();
            if (now - p.lastNanos < STALE_AFTER.toNanos()) continue;
            it.remove();
            held -= p.received;
            if (refusals.allow("stale")) {
                LOG.warn("Node {} dropped a chunked frame of {} bytes after {} s without its next chunk ({} of them came); said once a "
                        + "minute", nodeId, p.length, STALE_AFTER.toSeconds(), p.received);
            }
        }
    }

    private void drop(long id, Partial partial) {
        if (partials.remove(id) != null) held -= partial.received;
    }

    private byte[] refuse(String what, String source) {
        if (refusals.allow(what.replaceAll("[0-9]+", "N"))) {
            LOG.warn("Node {} dropped {} from {}; said once a minute", nodeId, what, source);
        }
        return null;
    }

    /** A frame being put together: its parts so far, allocated as they come. */
    private static final class Partial {
        final int length;
        final List<byte[]> parts = new ArrayList<>();
        int received;
        long lastNanos;

        Partial(int length) {
            this.length = length;
        }

        void add(byte[] chunk, int from, int n, long now) {
            byte[] part = new byte[n];
            System.arraycopy(chunk, from, part, 0, n);
            parts.add(part);
            received += n;
            lastNanos = now;
        }

        byte[] whole() {
            byte[] frame = new byte[length];
            int at = 0;
            for (byte[] part : parts) {
                System.arraycopy(part, 0, frame, at, part.length);
                at += part.length;
            }
            return frame;
        }
    }
}
