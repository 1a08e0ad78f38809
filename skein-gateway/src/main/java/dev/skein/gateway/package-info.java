/**
 * The front door of a node for outside clients: {@link dev.skein.gateway.Gateway} serves the
 * app's services over REST (the Feathers conventions), a WebSocket and Socket.IO, so that Feathers'
 * own clients work unchanged, and answers health probes, {@code /fleet}, {@code /metrics} and the
 * fleet dashboard.
 *
 * <p>{@link dev.skein.gateway.Gateway.Builder} chooses which services are exposed and under which
 * public paths ({@code mount}, {@code broker} with {@link dev.skein.gateway.Brokered}), which
 * WebSocket connections hear which events ({@link dev.skein.gateway.Publisher}), and which other
 * origins browsers may call it from ({@link dev.skein.gateway.Cors}), and what runs before and after
 * the services' REST calls ({@code dev.skein.gateway.intercept}). Authentication is in
 * {@code dev.skein.gateway.auth}.
 */
package dev.skein.gateway;
