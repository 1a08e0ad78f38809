package dev.skein.testkit;

import dev.skein.mesh.Mesh;
import dev.skein.mesh.internal.JacksonCodec;
import dev.skein.mesh.internal.security.FrameSeal;
import dev.skein.mesh.internal.security.KeyExchange;
import dev.skein.mesh.internal.security.KeyPairKeys;
import dev.skein.mesh.internal.security.SealKeys;
import dev.skein.mesh.internal.security.SealedCodec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.Transport;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What an insider (a party on the transport that holds credentials) reads in the frames it
 * captured: the texts of the events among them, so that a test knows its capture holds the events
 * it will replay. Made before the frames are sent (a seal refuses what was sealed before it was
 * made), and read frame by frame as they come, each once (a seal refuses a frame it opened before).
 */
final class CapturedFrames {

    private final List<byte[]> captured;
    private final SealedCodec reader;
    private final KeyExchange exchange;
    private final Set<String> eventTexts = ConcurrentHashMap.newKeySet();
    private int read;

    /** A reader of {@code captured} for insider {@code id} holding {@code keys}; with key pairs it learns the session keys announced to its key. */
    CapturedFrames(List<byte[]> captured, SealKeys keys, String id, Transport transport) {
        this.captured = captured;
        this.reader = new SealedCodec(JacksonCodec.named("json"), new FrameSeal(keys, id, Mesh.DEFAULT_MAX_FRAME_AGE), id);
        this.exchange = keys instanceof KeyPairKeys pair
                ? new KeyExchange(pair, id, Mesh.DEFAULT_MAX_FRAME_AGE, transport, (peer, frame) -> { }, (node, names) -> { }) : null;
    }

    /** The {@code text} of every event captured so far that this insider can open. */
    synchronized Set<String> eventTexts() {
        List<byte[]> all = List.copyOf(captured);
        for (; read < all.size(); read++) {
            byte[] frame = all.get(read);
            try {
                if (exchange != null && KeyExchange.isExchangeFrame(frame)) {
                    exchange.receive(null, frame);
                    continue;
                }
                Packet p = reader.decode(frame);
                if (p.type == Packet.Type.EVENT && p.data instanceof Map<?, ?> m && m.get("text") != null) eventTexts.add(String.valueOf(m.get("text")));
            } catch (MalformedFrameException e) {
                // not for this insider: sealed for another node alone, or in a session not announced to its key
            }
        }
        return Set.copyOf(eventTexts);
    }
}
