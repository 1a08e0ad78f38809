package dev.skein.mesh.tcp;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The identities a TLS peer proved: the common name (CN) and the organisational units (OU) of the
 * certificate it presented and the node's trust manager verified. Empty without TLS, or when the
 * peer sent no certificate (TLS that is not mutual, seen from the server side).
 */
final class CertificateIdentity {

    private CertificateIdentity() {
    }

    static Set<String> of(Channel ch) {
        SslHandler ssl = ch.pipeline().get(SslHandler.class);
        if (ssl == null) return Set.of();
        try {
            Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) return Set.of();
            Set<String> names = new LinkedHashSet<>();
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") || rdn.getType().equalsIgnoreCase("OU")) names.add(String.valueOf(rdn.getValue()));
            }
            return names;
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return Set.of();
        }
    }
}
