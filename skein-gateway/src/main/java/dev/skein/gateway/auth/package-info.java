/**
 * Authentication as Feathers does it: {@link dev.skein.gateway.auth.Authentication} registers
 * the {@code authentication} service that logs users in (the {@code local} strategy, login name
 * and password, and the {@code jwt} strategy) and issues HS256 tokens;
 * {@link dev.skein.gateway.auth.Users} is a users service closed to anonymous callers, with hashed
 * passwords that never leave it; {@link dev.skein.gateway.auth.Auth} has the hooks
 * ({@code authenticate()}, {@code hashPassword}, {@code protect}) to guard any service. Every node
 * that checks tokens uses the same secret; the users service may live on another node.
 */
package dev.skein.gateway.auth;
