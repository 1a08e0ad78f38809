package dev.skein.gateway.internal;

import dev.skein.core.errors.BadRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pieces of the browser guard and of the path check, alone. */
class BrowserGuardTest {

    @Test
    void aHostHeaderIsReadAsItsNameInLowerCaseWithoutPortOrBrackets() {
        assertThat(BrowserGuard.hostName("Evil.Example:3030")).isEqualTo("evil.example");
        assertThat(BrowserGuard.hostName("localhost")).isEqualTo("localhost");
        assertThat(BrowserGuard.hostName("[::1]:3030")).isEqualTo("::1");
        assertThat(BrowserGuard.hostName("127.0.0.1:80")).isEqualTo("127.0.0.1");
    }

    @Test
    void ipLiteralsAreRecognisedByTheirCharactersAndNamesAreNot() {
        assertThat(BrowserGuard.isIpLiteral("10.1.2.3")).isTrue();
        assertThat(BrowserGuard.isIpLiteral("::1")).isTrue();
        assertThat(BrowserGuard.isIpLiteral("256.1.1.1")).isFalse();
        assertThat(BrowserGuard.isIpLiteral("127.0.0.1.evil.example")).isFalse();
        assertThat(BrowserGuard.isIpLiteral("evil.example")).isFalse();
        assertThat(BrowserGuard.isIpLiteral("cafe")).as("hex letters without a colon are a name").isFalse();
    }

    @Test
    void jsonIsApplicationJsonOrASuffixedJsonTypeWithAnyParameters() {
        assertThat(BrowserGuard.isJson("application/json")).isTrue();
        assertThat(BrowserGuard.isJson("Application/JSON; charset=utf-8")).isTrue();
        assertThat(BrowserGuard.isJson("application/merge-patch+json")).isTrue();
        assertThat(BrowserGuard.isJson("text/plain")).isFalse();
        assertThat(BrowserGuard.isJson("text/plain; a=application/json")).isFalse();
        assertThat(BrowserGuard.isJson(null)).isFalse();
    }

    @Test
    void aUrlSegmentIsPercentDecodedAsUtf8AndAMalformedOneIsABadRequest() {
        assertThat(Exposure.decode("a%2Fb%20c+d")).isEqualTo("a/b c+d");
        assertThat(Exposure.decode("%C3%A9")).isEqualTo("é");
        assertThatThrownBy(() -> Exposure.decode("%ZZ")).isInstanceOf(BadRequest.class).hasMessageContaining("malformed");
        assertThatThrownBy(() -> Exposure.decode("%4")).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> Exposure.decode("%C3")).isInstanceOf(BadRequest.class).hasMessageContaining("UTF-8");
    }
}
