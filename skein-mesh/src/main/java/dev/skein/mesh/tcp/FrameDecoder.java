package dev.skein.mesh.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.TooLongFrameException;

import java.util.List;

/**
 * Splits a connection's bytes into frames: a 4-byte big-endian length, then that many bytes. The
 * limit is small until the handshake is through ({@link Handshake#MAX_FRAME}) and the mesh's
 * maximum frame size after, so a stranger cannot make a node buffer more than a few kilobytes.
 * A length above the limit fails at once, before anything of the frame is buffered.
 */
final class FrameDecoder extends ByteToMessageDecoder {

    private volatile int limit;
    private volatile boolean admitted;
    /** Frames decoded and not yet taken by the next handler ({@link #takeOne}); on the event loop only. */
    private int undelivered;

    /** The first bytes of a TLS ClientHello (a handshake record, version 3.x), read as a frame length by a node without TLS. */
    private static final long TLS_HANDSHAKE_RECORD = 0x16;
    private static final long TLS_MAJOR_VERSION = 0x03;

    FrameDecoder(int limit) {
        this.limit = limit;
    }

    /** The handshake is through: frames up to {@code limit} bytes are accepted from now on. */
    void admit(int limit) {
        this.limit = limit;
        this.admitted = true;
    }

    /**
     * Takes one decoded frame off the count (the next handler, as it reads it); true when more of
     * this read's frames wait behind it. On the event loop.
     */
    boolean takeOne() {
        if (undelivered > 0) undelivered--;
        return undelivered > 0;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws TooLongFrameException {
        int before = out.size();
        try {
            decodeFrames(in, out);
        } finally {
            undelivered += out.size() - before;
        }
    }

    private void decodeFrames(ByteBuf in, List<Object> out) throws TooLongFrameException {
        while (in.readableBytes() >= 4) {
            long length = in.getUnsignedInt(in.readerIndex());
            if (length > limit) {
                in.skipBytes(in.readableBytes());
                if (!admitted && (length >>> 24) == TLS_HANDSHAKE_RECORD && ((length >>> 16) & 0xff) == TLS_MAJOR_VERSION) {
                    throw new TooLongFrameException("a node with TLS tried to connect (this node has none: every node of the mesh needs "
                            + "the tcp transport's certificate, privateKey and trusted)");
                }
                throw new TooLongFrameException("a frame of " + length + " bytes is above the limit of " + limit
                        + (admitted ? "" : " before the handshake"));
            }
            if (in.readableBytes() < 4 + length) return;
            in.skipBytes(4);
            out.add(in.readRetainedSlice((int) length));
            // one frame at a time until admitted: the handshake's last frame raises the limit before
            // the next frame (a large HELLO sent in the same write, say) is measured against it
            if (!admitted) return;
        }
    }
}
