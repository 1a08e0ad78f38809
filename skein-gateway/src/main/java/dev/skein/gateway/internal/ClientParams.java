package dev.skein.gateway.internal;

import dev.skein.core.Params;

/** The params a call of an outside client starts with: the way it came (its provider) and the client's address. */
final class ClientParams {

    private ClientParams() {
    }

    /** Params of {@code provider} ({@code rest}, {@code websocket}, {@code socketio}) from the client at {@code address} ({@link Params#CLIENT_ADDRESS}). */
    static Params of(String provider, String address) {
        return new Params().provider(provider).set(Params.CLIENT_ADDRESS, address);
    }
}
