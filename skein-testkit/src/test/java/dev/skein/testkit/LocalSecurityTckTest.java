package dev.skein.testkit;

/** Mesh credentials over {@code local://}: packets sealed even between nodes of one JVM. */
class LocalSecurityTckTest extends SecurityTck {

    @Override
    protected String transport() {
        return "local://";
    }
}
