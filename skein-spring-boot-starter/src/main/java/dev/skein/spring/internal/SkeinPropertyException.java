package dev.skein.spring.internal;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * A {@code skein.*} property Skein refuses, with its value as it may be shown: masked for a secret, a
 * transport URI without its credentials, nothing for a key that names no setting (its value may be a
 * secret under a misspelt name). {@link SkeinPropertyFailureAnalyzer} reports it with that value, where
 * Spring Boot's analyzer of its superclass would look the raw value up in the environment and print it.
 */
public class SkeinPropertyException extends InvalidConfigurationPropertyValueException {

    /**
     * @param name   the property, e.g. {@code skein.mesh.secret}
     * @param shown  the value as it may be shown, or null to show none
     * @param reason why it is refused, naming what to change
     */
    public SkeinPropertyException(String name, Object shown, String reason) {
        super(name, shown, reason);
    }
}
