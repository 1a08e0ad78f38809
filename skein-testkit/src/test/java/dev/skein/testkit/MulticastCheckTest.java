package dev.skein.testkit;

import dev.skein.testguard.MulticastCheck;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build's check that multicast works where the tests discover each other: it passes on the
 * loopback interface the build names, and names what is wrong, and the setting, where it cannot work.
 * (The check sends to loopback only here: a test never sends to another interface's network.)
 */
class MulticastCheckTest {

    @Test
    void multicastOnTheBuildsDiscoveryInterfaceComesBack() {
        assertThat(System.getProperty(MulticastCheck.INTERFACE_PROPERTY)).isEqualTo("lo");

        assertThat(MulticastCheck.problemWith("lo")).isEmpty();
    }

    @Test
    void anInterfaceThatDoesNotExistIsAProblemNamingItAndTheSetting() {
        assertThat(MulticastCheck.problemWith("skein-none0")).hasValueSatisfying(problem -> assertThat(problem)
                .contains("There is no network interface skein-none0").contains("-Dskein.discovery.interface=skein-none0"));
    }
}
