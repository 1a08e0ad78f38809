/**
 * What every transport must pass, and help to test with Skein. The suites are abstract JUnit 5
 * classes a transport's test class extends with its URI: {@link dev.skein.testkit.MeshTck} (what a
 * user of the mesh sees), {@link dev.skein.testkit.SecurityTck} and
 * {@link dev.skein.testkit.KeyPairTck} (mesh credentials), {@link dev.skein.testkit.SyncTck} and
 * {@link dev.skein.testkit.FeathersSyncTck} (sync-only mode), {@link dev.skein.testkit.BrokerFaults}
 * (a broker stopped and started again) and {@link dev.skein.testkit.BrokerSecurity} (credentials
 * and TLS to a broker). The helpers: {@link dev.skein.testkit.TestNodes} starts nodes in a
 * namespace of their own, {@link dev.skein.testkit.SharedBrokers} finds (or starts) the brokers the
 * broker tests share, {@link dev.skein.testkit.BrokerProcess} runs a broker of a test's own
 * ({@link dev.skein.testkit.RabbitNodes} a RabbitMQ node), {@link dev.skein.testkit.TestCertificates}
 * makes a throw-away certificate authority, {@link dev.skein.testkit.BusyCores} (with
 * {@link dev.skein.testkit.BusyCoresExtension}) keeps every core busy while a test runs, and
 * {@link dev.skein.testkit.Lateness} measures how late this JVM runs, for the slack of a bound on time.
 */
package dev.skein.testkit;
