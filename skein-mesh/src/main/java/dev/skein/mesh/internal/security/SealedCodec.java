package dev.skein.mesh.internal.security;

import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;

/**
 * A codec whose frames are sealed ({@link FrameSeal}): what the mesh uses when it has credentials,
 * so that every transport carries only sealed packets. Decoding refuses a frame that does not
 * open, and one whose packet names another sender than the one that sealed it.
 */
public final class SealedCodec implements Codec {

    private final Codec inner;
    private final FrameSeal seal;

    public SealedCodec(Codec inner, FrameSeal seal) {
        this.inner = inner;
        this.seal = seal;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public byte[] encode(Packet packet) {
        return seal.seal(inner.encode(packet));
    }

    @Override
    public Packet decode(byte[] frame) throws MalformedFrameException {
        FrameSeal.Opened opened = seal.open(frame);
        Packet p = inner.decode(opened.payload());
        if (!opened.sender().equals(p.from)) throw new ForgedSenderException(opened.sender(), p.from);
        return p;
    }

    /** A frame sealed by one node whose packet claims to come from another: dropped, never acted on. */
    public static final class ForgedSenderException extends MalformedFrameException {
        private final String sealedBy;
        private final String claimed;

        public ForgedSenderException(String sealedBy, String claimed) {
            super("a packet sealed by node " + sealedBy + " claims to come from node " + claimed);
            this.sealedBy = sealedBy;
            this.claimed = claimed;
        }

        public String sealedBy() {
            return sealedBy;
        }

        public String claimed() {
            return claimed;
        }
    }
}
