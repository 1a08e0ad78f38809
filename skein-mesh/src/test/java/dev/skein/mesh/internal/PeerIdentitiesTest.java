package dev.skein.mesh.internal;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PeerIdentitiesTest {

    private final PeerIdentities identities = new PeerIdentities();

    @Test
    void aNodeIdClaimedUnderAnotherKeyHasAnotherProof() {
        identities.record("orders-1a2b", "key", Set.of("orders-1", "orders"));
        identities.provenKey("orders-1a2b", 0x0badcafe);
        String first = identities.proof("orders-1a2b");
        assertThat(first).contains("badcafe").contains("orders-1");

        identities.forget("orders-1a2b"); // it left: its id is free
        assertThat(identities.proof("orders-1a2b")).isEmpty();
        identities.record("orders-1a2b", "key", Set.of("web-1", "web"));
        identities.provenKey("orders-1a2b", 0x12345678);
        assertThat(identities.proof("orders-1a2b")).isNotEqualTo(first).contains("12345678").contains("web-1");
    }

    @Test
    void theProofIsTheSameWhateverOrderTheIdentitiesCameIn() {
        identities.record("a", "transport", Set.of("billing", "billing-1", "writer"));
        PeerIdentities other = new PeerIdentities();
        other.record("a", "transport", Set.of("writer", "billing-1", "billing"));
        assertThat(identities.proof("a")).isEqualTo(other.proof("a")).isNotEmpty();
        assertThat(identities.proof("nobody")).isEmpty();
    }
}
