/**
 * The errors services answer: one unchecked root, {@link dev.skein.core.errors.SkeinError}, and a
 * class for each error of Feathers, named as there and carrying its HTTP-style code
 * ({@link dev.skein.core.errors.BadRequest} 400, {@link dev.skein.core.errors.NotFound} 404,
 * {@link dev.skein.core.errors.Timeout} 408, {@link dev.skein.core.errors.Unavailable} 503...).
 *
 * <p>Errors cross the network in their JSON form and come back as the same class; any other
 * exception reaches a caller as a {@link dev.skein.core.errors.GeneralError} whose message says
 * nothing of the original, which stays on the node where it happened.
 */
package dev.skein.core.errors;
