/**
 * Keeping test runs clean and their failures plain: {@link dev.skein.testguard.LeftoverFilesGuard}
 * fails a test class that leaves files in the temporary directory; {@link dev.skein.testguard.TestFiles}
 * holds what may only go when the test JVM exits; {@link dev.skein.testguard.MulticastCheck} fails
 * the test classes at once, saying what to run, where multicast discovery cannot work.
 */
package dev.skein.testguard;
