/** The gateway's internals: these classes may change in any release without notice. */
package dev.skein.gateway.internal;
