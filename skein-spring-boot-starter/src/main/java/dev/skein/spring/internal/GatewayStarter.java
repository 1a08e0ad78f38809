package dev.skein.spring.internal;

import dev.skein.core.App;
import dev.skein.core.errors.SkeinError;
import dev.skein.gateway.Gateway;
import org.springframework.beans.factory.ListableBeanFactory;

import java.util.concurrent.CompletionException;

/** Starts and stops the context's {@link Gateway} beans; only loaded when skein-gateway is on the class path. */
final class GatewayStarter {

    private GatewayStarter() {
    }

    static void start(ListableBeanFactory beans, App app) {
        for (Gateway gateway : beans.getBeansOfType(Gateway.class).values()) {
            if (app.plugin(Gateway.class).filter(g -> g == gateway).isEmpty()) {
                try {
                    app.configure(gateway);
                } catch (IllegalStateException refused) { // authentication on an open mesh: name the property too
                    throw new IllegalStateException(refused.getMessage() + " (skein.gateway.allow-open-mesh)", refused);
                }
            }
            try {
                gateway.started().join();
            } catch (CompletionException e) {
                Throwable cause = SkeinError.unwrap(e);
                throw new IllegalStateException("The Skein gateway could not listen on " + gateway.options().host() + ":" + gateway.options().port()
                        + ": " + cause.getMessage() + " (skein.gateway.host, skein.gateway.port; 0 takes a free port)", cause);
            }
        }
    }

    static void stop(ListableBeanFactory beans) {
        for (Gateway gateway : beans.getBeansOfType(Gateway.class).values()) gateway.close();
    }
}
