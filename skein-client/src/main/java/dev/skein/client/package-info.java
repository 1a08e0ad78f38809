/**
 * An edge client for outside Java programs: {@link dev.skein.client.SkeinClient} connects to a
 * Skein gateway over its WebSocket (no mesh joined, no broker needed), logs in, calls what the
 * gateway exposes ({@link dev.skein.client.ServiceClient}) and hears its events, and reconnects by
 * itself when the connection drops. Failures arrive as {@link dev.skein.core.errors.SkeinError}s
 * of the same classes the services threw.
 */
package dev.skein.client;
