package dev.skein.testkit;

/** Mesh credentials over {@code tcp://} with multicast discovery on loopback. */
class TcpSecurityTckTest extends SecurityTck {

    @Override
    protected String transport() {
        return "tcp://?beacon=200";
    }
}
