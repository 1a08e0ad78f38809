package dev.skein.mesh.internal;

import dev.skein.mesh.spi.Transport;

/**
 * Where {@link dev.skein.mesh.spi.Transports} used to live; {@code MeshOptions} still checks its
 * transport URI here until it moves to the supported one.
 *
 * @deprecated use {@link dev.skein.mesh.spi.Transports}
 */
@Deprecated
public final class Transports {

    private Transports() {
    }

    /** As {@link dev.skein.mesh.spi.Transports#forUri}. */
    public static Transport forUri(String uri) {
        return dev.skein.mesh.spi.Transports.forUri(uri);
    }

    /** As {@link dev.skein.mesh.spi.Transports#check}. */
    public static void check(String uri) {
        dev.skein.mesh.spi.Transports.check(uri);
    }
}
