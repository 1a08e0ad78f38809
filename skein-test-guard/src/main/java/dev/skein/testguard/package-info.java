/**
 * Keeping test runs clean: {@link dev.skein.testguard.LeftoverFilesGuard} fails a test class that
 * leaves files in the temporary directory; {@link dev.skein.testguard.TestFiles} holds what may only
 * go when the test JVM exits.
 */
package dev.skein.testguard;
