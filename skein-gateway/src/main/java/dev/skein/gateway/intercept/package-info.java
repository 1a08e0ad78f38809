/**
 * Interceptors of a gateway's REST routes, the counterpart of feathers-distributed's
 * {@code middlewares} option: code of the gateway's own that runs before a service call
 * ({@link dev.skein.gateway.intercept.BeforeInterceptor}, which sees the {@link dev.skein.gateway.intercept.RestCall}
 * and may change it, answer it or refuse it) and after it ({@link dev.skein.gateway.intercept.AfterInterceptor},
 * which sees the {@link dev.skein.gateway.intercept.RestReply} and may change it). They are given on
 * {@code Gateway.Builder.before(...)} / {@code after(...)} and apply to REST only, as Express
 * middlewares do: WebSocket and Socket.IO calls go to the services' hooks (docs/GATEWAY.md, "Interceptors").
 * This package depends on {@code dev.skein.core} alone.
 */
package dev.skein.gateway.intercept;
