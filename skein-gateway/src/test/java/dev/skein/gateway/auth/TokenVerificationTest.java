package dev.skein.gateway.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.skein.core.errors.NotAuthenticated;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Date;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What {@link Authentication#verify} accepts: only tokens signed, issued and addressed for this mesh. */
class TokenVerificationTest {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes-for-hs256";
    private final Authentication auth = Authentication.builder(SECRET).build();

    @Test
    void aTokenItIssuedIsAccepted() {
        assertThat(auth.verify(auth.issue(7)).getSubject()).isEqualTo("7");
    }

    @Test
    void aTokenWithTheRightSignatureAndIssuerButAddressedToAnotherAudienceIsRefused() throws Exception {
        assertThatThrownBy(() -> auth.verify(token("another-service"))).isInstanceOf(NotAuthenticated.class)
                .hasMessageContaining("not issued for this mesh");
        assertThatThrownBy(() -> auth.verify(token(null))).isInstanceOf(NotAuthenticated.class);
        assertThat(auth.verify(token(Authentication.DEFAULT_ISSUER)).getSubject()).isEqualTo("7");
    }

    @Test
    void aTokenLifetimeMustBePositiveAndTheUsernameFieldIsReadable() {
        assertThatThrownBy(() -> Authentication.builder(SECRET).expiresIn(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresIn");
        assertThat(auth.usernameField()).isEqualTo("email");
    }

    /** A token signed with the mesh's secret by its issuer, for {@code audience} (none when null). */
    private static String token(String audience) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject("7").issuer(Authentication.DEFAULT_ISSUER)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(60)));
        if (audience != null) claims.audience(audience);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(new MACSigner(SECRET));
        return jwt.serialize();
    }
}
