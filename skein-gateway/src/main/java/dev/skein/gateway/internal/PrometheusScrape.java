package dev.skein.gateway.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The Prometheus text of a registry: the registry itself when it is a
 * {@link PrometheusMeterRegistry}, or the first one inside a composite. Loaded only when
 * {@code /metrics} is asked, so that the gateway runs without Prometheus's classes.
 */
final class PrometheusScrape {

    /** Prometheus's text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusScrape() {
    }

    /** The scrape, or null when no Prometheus registry is found in {@code registry}. */
    static String scrape(MeterRegistry registry) {
        PrometheusMeterRegistry prometheus = find(registry);
        return prometheus == null ? null : prometheus.scrape();
    }

    private static PrometheusMeterRegistry find(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) return p;
        if (registry instanceof CompositeMeterRegistry composite) {
            for (MeterRegistry inner : composite.getRegistries()) {
                PrometheusMeterRegistry p = find(inner);
                if (p != null) return p;
            }
        }
        return null;
    }
}
