package dev.skein.mesh.internal.security;

import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.ServiceQueues;

/**
 * A codec whose frames are sealed ({@link FrameSeal}): what the mesh uses when it has credentials,
 * so that every transport carries only sealed packets. Decoding refuses a frame that does not
 * open, and one whose packet names another sender than the one that sealed it.
 */
public final class SealedCodec implements Codec {

    private final Codec inner;
    private final FrameSeal seal;
    private final String self;

    /** Seals what {@code inner} encodes with {@code seal}, for node {@code self}, which decoding expects as the recipient of frames sealed for one node. */
    public SealedCodec(Codec inner, FrameSeal seal, String self) {
        this.inner = inner;
        this.seal = seal;
        this.self = self;
    }

    @Override
    public String name() {
        return inner.name();
    }

    /** A broadcast frame: only packet types that go to every node may be sealed so. */
    @Override
    public byte[] encode(Packet packet) {
        return encode(packet, null);
    }

    @Override
    public byte[] encode(Packet packet, String recipient) {
        return seal.seal(inner.encode(packet), recipient);
    }

    @Override
    public Packet decode(byte[] frame) throws MalformedFrameException {
        FrameSeal.Opened opened = seal.open(frame);
        Packet p;
        try {
            p = inner.decode(opened.payload());
        } catch (dev.skein.mesh.spi.UnreadablePacketException e) {
            // sealed by its sender, unreadable inside: answerable only in the name of the node that sealed it
            if (e.from() != null && !opened.sender().equals(e.from())) throw new ForgedSenderException(opened.sender(), e.from());
            throw e;
        }
        if (!opened.sender().equals(p.from)) throw new ForgedSenderException(opened.sender(), p.from);
        String to = opened.recipient();
        boolean fits = to.isEmpty() ? broadcastable(p.type)
                : to.startsWith(ServiceQueues.RECIPIENT_PREFIX) ? p.type == Packet.Type.REQUEST && to.equals(ServiceQueues.RECIPIENT_PREFIX + p.path)
                : to.equals(self);
        if (!fits) {
            throw new FrameSeal.DroppedFrameException("a " + p.type.wire() + " of node " + p.from + " sealed for "
                    + (to.isEmpty() ? "every node" : to) + " reached node " + self);
        }
        if (p.ttl > 0 && to.startsWith(ServiceQueues.RECIPIENT_PREFIX)) pastDeadline(p, opened.sealedAt());
        return p;
    }

    /**
     * A request queued for any instance may reach one that started after it was sealed, so the
     * receiver's start does not bound it: its deadline does (its clock when sealed plus its time to
     * live, with the seal's clock allowance). Its caller has given up by then, and a copy put back
     * in the queue later is a replay.
     */
    private static void pastDeadline(Packet p, long sealedAt) throws FrameSeal.DroppedFrameException {
        long late = System.currentTimeMillis() - (sealedAt + p.ttl + FrameSeal.START_ALLOWANCE_MILLIS);
        if (late > 0) {
            throw new FrameSeal.DroppedFrameException("a request of node " + p.from + " queued for " + p.path + " " + late
                    + " ms past its deadline (its caller has given up): a replay, or taken too late; it is not run");
        }
    }

    private static boolean broadcastable(Packet.Type type) {
        return type == Packet.Type.HELLO || type == Packet.Type.HEARTBEAT || type == Packet.Type.LEAVE || type == Packet.Type.EVENT;
    }

    /** A frame sealed by one node whose packet claims to come from another: dropped, never acted on. */
    public static final class ForgedSenderException extends FrameSeal.DroppedFrameException {
        /** The node whose session sealed the frame. */
        private final String sealedBy;
        /** The sender the packet inside names. */
        private final String claimed;


        /** A packet sealed by node {@code sealedBy} that names {@code claimed} as its sender. */
        public ForgedSenderException(String sealedBy, String claimed) {
            super("a packet sealed by node " + sealedBy + " claims to come from node " + claimed);
            this.sealedBy = sealedBy;
            this.claimed = claimed;
        }

        /** The node whose session sealed the frame: the sender the seal proves. */
        public String sealedBy() {
            return sealedBy;
        }

        /** The sender the packet inside names. */
        public String claimed() {

            return claimed;
        }
    }
}
