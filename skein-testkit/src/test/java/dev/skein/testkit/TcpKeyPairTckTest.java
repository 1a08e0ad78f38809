package dev.skein.testkit;

/** Key-pair credentials over {@code tcp://} with multicast discovery on loopback: signed beacons, signed handshakes. */
class TcpKeyPairTckTest extends KeyPairTck {

    @Override
    protected String transport() {
        return "tcp://?beacon=200";
    }
}
