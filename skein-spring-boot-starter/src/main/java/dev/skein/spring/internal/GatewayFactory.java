package dev.skein.spring.internal;

import dev.skein.gateway.Cors;
import dev.skein.gateway.Gateway;
import dev.skein.spring.GatewayBuilderCustomizer;
import dev.skein.spring.SkeinProperties;

import java.util.List;

/** Builds a {@link Gateway} from the {@code skein.gateway.*} properties, with errors that name the property. */
public final class GatewayFactory {

    private static final String PREFIX = "skein.gateway.";

    private GatewayFactory() {
    }

    /** The gateway the properties describe, changed by the customizers. */
    public static Gateway build(SkeinProperties.GatewayProperties p, List<GatewayBuilderCustomizer> customizers) {
        Gateway.Builder b = Gateway.builder();
        Settings.apply(PREFIX + "host", p.getHost(), b::host);
        Settings.apply(PREFIX + "port", p.getPort(), b::port);
        Settings.apply(PREFIX + "expose", p.getExpose(), paths -> b.expose(paths.toArray(String[]::new)));
        p.getMounts().forEach((publicPath, servicePath) -> Settings.apply(PREFIX + "mounts[" + publicPath + "]", servicePath,
                service -> b.mount(publicPath, service)));
        Settings.apply(PREFIX + "dashboard", p.getDashboard(), b::dashboard);
        Settings.apply(PREFIX + "operations", p.getOperations(), b::operations);
        Settings.apply(PREFIX + "socket-io", p.getSocketIo(), b::socketIo);
        Settings.apply(PREFIX + "max-body-size", p.getMaxBodySize(), size -> b.maxBodySize(Math.toIntExact(size.toBytes())));
        Settings.apply(PREFIX + "max-connections", p.getMaxConnections(), b::maxConnections);
        Settings.apply(PREFIX + "max-connections-per-address", p.getMaxConnectionsPerAddress(), b::maxConnectionsPerAddress);
        Settings.apply(PREFIX + "idle-timeout", p.getIdleTimeout(), b::idleTimeout);
        Settings.apply(PREFIX + "headers-timeout", p.getHeadersTimeout(), b::headersTimeout);
        Settings.apply(PREFIX + "body-timeout", p.getBodyTimeout(), b::bodyTimeout);
        Settings.apply(PREFIX + "max-json-depth", p.getMaxJsonDepth(), b::maxJsonDepth);
        Settings.apply(PREFIX + "settle-window", p.getSettleWindow(), b::settleWindow);
        Settings.apply(PREFIX + "unavailable-after", p.getUnavailableAfter(), b::unavailableAfter);
        Settings.apply(PREFIX + "static-resources", p.getStaticResources(), b::staticResources);
        Settings.apply(PREFIX + "static-files", p.getStaticFiles(), b::staticFiles);
        if (!p.getCorsOrigins().isEmpty()) Settings.apply(PREFIX + "cors-origins", p.getCorsOrigins(), o -> b.cors(Cors.allow(o.toArray(String[]::new))));
        if (!p.getAllowedHosts().isEmpty()) Settings.apply(PREFIX + "allowed-hosts", p.getAllowedHosts(), h -> b.allowedHosts(h.toArray(String[]::new)));
        Settings.apply(PREFIX + "allow-open-mesh", p.getAllowOpenMesh(), b::allowOpenMesh);
        Settings.apply(PREFIX + "operations-token", p.getOperationsToken(), b::operationsToken);
        for (GatewayBuilderCustomizer customizer : customizers) customizer.customize(b);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw Settings.invalid("skein.gateway", null, e);
        }
    }
}
