package dev.skein.gateway;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.skein.core.App;
import dev.skein.core.Methods;
import dev.skein.core.memory.MemoryService;
import dev.skein.gateway.auth.Auth;
import dev.skein.gateway.auth.Authentication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sixteen forged or foreign access tokens against an authenticating gateway, over REST and through
 * the {@code jwt} login strategy: each is answered 401, none reaches the service, none logs in.
 * A genuine token is the control. These attacks held before issue #21; they stay here so they keep holding.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class JwtForgeryAttackTest {

    private Cluster cluster;
    private Http http;
    private Object userId;
    private final AtomicInteger reachedService = new AtomicInteger();

    @BeforeAll
    void start() {
        cluster = Cluster.local();
        App app = cluster.node("gateway", a -> {
            a.configure(Authentication.builder(Cluster.SECRET).build());
            Cluster.users(a);
            a.use("todos", new MemoryService());
            a.service("todos").hooks().beforeAsync(Methods.ALL, Auth.authenticate());
            a.service("todos").hooks().before(Methods.ALL, ctx -> reachedService.incrementAndGet());
        });
        Gateway gateway = Cluster.gateway(app);
        userId = Cluster.createUser(app, "ada@example.com", "s3cret!").get("id");
        http = new Http(gateway);
    }

    @AfterAll
    void close() {
        cluster.close();
    }

    @Test
    void everyForgedOrForeignTokenIsAnswered401AndReachesNoService() throws Exception {
        String genuine = (String) http.post("/authentication", Map.of("strategy", "local", "email", "ada@example.com", "password", "s3cret!"))
                .object().get("accessToken");
        assertThat(http.get("/todos", bearer(genuine)).status()).as("the control: a genuine token").isEqualTo(200);
        int reachedByGenuine = reachedService.get();

        Map<String, String> forgeries = forgeries(genuine);
        assertThat(forgeries).hasSize(16);
        forgeries.forEach((name, token) -> {
            Http.Response rest = http.get("/todos", bearer(token));
            assertThat(rest.status()).as(name + " over REST: " + rest).isEqualTo(401);
            assertThat(rest.object()).as(name).containsEntry("name", "NotAuthenticated");
            assertThat(rest.body()).as(name + " names no Java class or stack").doesNotContain("Exception").doesNotContain("at dev.");
            Http.Response login = http.post("/authentication", Map.of("strategy", "jwt", "accessToken", token));
            assertThat(login.status()).as(name + " as a jwt login: " + login).isEqualTo(401);
            assertThat(login.body()).as(name).doesNotContain("accessToken");
        });
        assertThat(reachedService.get()).as("calls that reached the service").isEqualTo(reachedByGenuine);
    }

    /** Each forgery by name, made from the genuine token of a user (its claims and signature) or from scratch. */
    private Map<String, String> forgeries(String genuine) throws Exception {
        String[] parts = genuine.split("\\.");
        JWTClaimsSet claims = SignedJWT.parse(genuine).getJWTClaimsSet();
        JWTClaimsSet asAnother = new JWTClaimsSet.Builder(claims).subject(String.valueOf(((Number) userId).intValue() + 1))
                .claim("role", "admin").build();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("alg none, no signature", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".");
        f.put("alg none, the genuine signature kept", b64("{\"alg\":\"none\"}") + "." + parts[1] + "." + parts[2]);
        f.put("alg NONE in capitals", b64("{\"alg\":\"NONE\"}") + "." + b64(asAnother.toString()) + ".");
        f.put("signed with another secret", hs256(asAnother, Cluster.OTHER_SECRET));
        f.put("claims changed, the genuine signature kept", parts[0] + "." + b64(asAnother.toString()) + "." + parts[2]);
        f.put("header says HS512, the genuine signature kept", b64("{\"alg\":\"HS512\"}") + "." + parts[1] + "." + parts[2]);
        f.put("HS512 with the right secret (an algorithm not issued)", signed(JWSAlgorithm.HS512, asAnother, Cluster.SECRET + Cluster.SECRET));
        f.put("header says RS256, HMAC signature (algorithm confusion)", confused(asAnother));
        f.put("ES256 with the attacker's key embedded as jwk", embeddedJwk(asAnother));
        f.put("expired, right secret", hs256(new JWTClaimsSet.Builder(claims).expirationTime(Date.from(Instant.now().minusSeconds(5))).build(), Cluster.SECRET));
        f.put("no expiry, right secret", hs256(new JWTClaimsSet.Builder(claims).expirationTime(null).build(), Cluster.SECRET));
        f.put("another issuer, right secret", hs256(new JWTClaimsSet.Builder(claims).issuer("evil").build(), Cluster.SECRET));
        f.put("another audience, right secret", hs256(new JWTClaimsSet.Builder(claims).audience("another-service").build(), Cluster.SECRET));
        f.put("signature stripped", parts[0] + "." + parts[1] + ".");
        f.put("five segments (JWE-shaped)", genuine + ".AAAA.BBBB");
        f.put("6 KiB of garbage", "x".repeat(6 * 1024)); // a larger header is 431 before any token is read
        return f;
    }

    private static String[] bearer(String token) {
        return new String[] {"Authorization", "Bearer " + token};
    }

    private static String b64(String json) {
        return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String hs256(JWTClaimsSet claims, String secret) throws Exception {
        return signed(JWSAlgorithm.HS256, claims, secret);
    }

    private static String signed(JWSAlgorithm alg, JWTClaimsSet claims, String secret) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    /** A token whose header says RS256 but whose signature is an HMAC under the mesh's secret. */
    private static String confused(JWTClaimsSet claims) throws Exception {
        String input = b64("{\"alg\":\"RS256\"}") + "." + b64(claims.toString());
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Cluster.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + Base64URL.encode(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** CVE-2018-0114's shape: signed by the attacker's own key, which the header carries. */
    private static String embeddedJwk(JWTClaimsSet claims) throws Exception {
        ECKey attacker = new ECKeyGenerator(Curve.P_256).generate();
        JWSObject jws = new JWSObject(new JWSHeader.Builder(JWSAlgorithm.ES256).jwk(attacker.toPublicJWK()).build(),
                new Payload(claims.toJSONObject()));
        jws.sign(new ECDSASigner(attacker));
        return jws.serialize();
    }
}
