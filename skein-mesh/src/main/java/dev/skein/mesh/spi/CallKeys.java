package dev.skein.mesh.spi;

import dev.skein.core.Params;

/**
 * The names the mesh gives to the params of a call and to the headers of a request packet. The
 * param names are the strings of {@code Mesh.TIMEOUT}, {@code Mesh.IDEMPOTENCY_KEY} and the
 * others there, which say what each entry holds; application code uses those. A transport or a
 * codec that needs one of these names reads it here, without the façade.
 */
public final class CallKeys {

    /** Param entry ({@link java.time.Duration}): the timeout of one call. */
    public static final String TIMEOUT = "skein.timeout";
    /** Free param ({@code String}, a semver range): the versions of the service one call accepts. */
    public static final String VERSION = "skein.version";
    /** Param entry ({@link java.time.Instant}) on a call served for another node: after it, nobody waits for the answer. */
    public static final String DEADLINE = Params.DEADLINE;
    /** Param entry ({@code String}): the idempotency key of a call. */
    public static final String IDEMPOTENCY_KEY = "skein.idempotencyKey";
    /** Param entry ({@code String}) on a call served for another node: the id of the node that sent it. */
    public static final String CALLER = "skein.caller";
    /** Param entry ({@code Boolean}) on a call served for another node: true when the calling node proved the mesh's credentials. */
    public static final String CALLER_VERIFIED = "skein.callerVerified";
    /** Param entry ({@code Boolean}) on a call served for another node: true when only the caller's token names its user. */
    public static final String USER_FROM_TOKEN_ONLY = "skein.userFromTokenOnly";
    /** The header of a request packet that carries its idempotency key. */
    public static final String IDEMPOTENCY_HEADER = "idem";

    private CallKeys() {
    }
}
