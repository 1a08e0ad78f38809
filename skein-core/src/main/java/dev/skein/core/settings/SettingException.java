package dev.skein.core.settings;

import java.util.List;

/**
 * A setting, or settings that do not hold together, refused: thrown by a builder's {@code build()}
 * and by the sources that read settings. It names the settings it is about, so that a source can
 * say where each was given ({@code --dead-after}, {@code skein.mesh.dead-after}) without guessing
 * from the message.
 */
public class SettingException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final transient List<Setting<?>> settings;

    /** A refusal of {@code settings} (the first is the one to change), saying why. */
    public SettingException(String message, List<Setting<?>> settings) {
        super(message);
        this.settings = List.copyOf(settings);
    }

    /** A refusal of {@code setting}, saying why. */
    public SettingException(String message, Setting<?> setting) {
        this(message, List.of(setting));
    }

    /** The settings refused, the one to change first. */
    public List<Setting<?>> settings() {
        return settings == null ? List.of() : settings;
    }
}
