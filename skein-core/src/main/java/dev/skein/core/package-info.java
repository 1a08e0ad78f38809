/**
 * The service model: an {@link dev.skein.core.App} holds services registered at paths, runs every
 * call through hooks on its executor and emits events to listeners.
 *
 * <p>Write a service as a {@link dev.skein.core.Service} (asynchronous) or a
 * {@link dev.skein.core.BlockingService} (plain methods that may block), register it with
 * {@link dev.skein.core.App#use(String, Service)}, and call it through the
 * {@link dev.skein.core.ServiceHandle} that {@link dev.skein.core.App#service(String)} returns:
 * calls complete futures with JSON-shaped data ({@code Map}, {@code List}, {@code String},
 * {@code Number}, {@code Boolean}, {@code null}) or fail with a
 * {@link dev.skein.core.errors.SkeinError}. {@link dev.skein.core.Hooks} run before, after, around
 * and on the failure of calls; {@link dev.skein.core.Params} carry the query, the caller and the
 * user. Plugins such as the mesh extend an app through {@link dev.skein.core.App#configure}.
 *
 * <p>Apps, handles and hooks are thread-safe; a call's {@link dev.skein.core.HookContext} and
 * {@link dev.skein.core.Params} belong to that call.
 */
package dev.skein.core;
