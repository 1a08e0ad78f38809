/**
 * Skein's internals: these classes may change in any release without notice. Use only the
 * {@code dev.skein.core} packages outside Skein itself.
 */
package dev.skein.core.internal;
