package dev.skein.testkit;

/** Key-pair credentials over {@code local://}: session keys announced and packets sealed even between nodes of one JVM. */
class LocalKeyPairTckTest extends KeyPairTck {

    @Override
    protected String transport() {
        return "local://";
    }
}
