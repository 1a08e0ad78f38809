/**
 * The mesh: {@link dev.skein.mesh.Mesh} makes an app a node, so that its services can be called
 * from every other node and theirs appear in it as proxies at the same path, with events crossing
 * nodes and calls balanced across instances.
 *
 * <p>Build one with {@link dev.skein.mesh.Mesh#builder()} (every setting has a default, a public
 * {@code DEFAULT_*} constant of {@code Mesh}) and {@code app.configure(mesh)}. Nodes find each
 * other over a transport named by URI: {@code tcp://} (multicast or seeds), {@code local://}, or a
 * broker's ({@code nats://}, {@code redis://}, {@code amqp://}). {@link dev.skein.mesh.MeshCredentials}
 * and {@link dev.skein.mesh.TrustedKeys} keep strangers out, {@link dev.skein.mesh.Access} limits
 * who may call or offer what, and {@link dev.skein.mesh.NodeInfo}, {@link dev.skein.mesh.Health}
 * and {@link dev.skein.mesh.Readiness} describe the fleet. Everything here is thread-safe.
 */
package dev.skein.mesh;
