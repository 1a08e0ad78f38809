package dev.skein.mesh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one place Skein reads a file that holds a secret (a mesh secret, a node key, a gateway's
 * token secret, a broker password) or decides who is trusted (a trusted keys file), checking its
 * permissions first, as ssh does with keys: a secret file that its group or others may read,
 * write or execute is refused, and so is a trusted keys file that they may write. The check looks
 * at the permission bits, not at whether the reading process could open the file, so a process
 * running as root (which may read any file) refuses the same files as any other user. Symbolic
 * links are followed (a Kubernetes secret volume is a link to its files: give it
 * {@code defaultMode: 0400}). On a file system without POSIX permissions nothing is checked.
 * Stateless and thread-safe.
 */
public final class SecretFiles {

    /** Bits a secret file must not have: every permission of its group and of others (ssh's 077). */
    private static final Set<PosixFilePermission> NOT_FOR_SECRETS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** Bits a trusted keys file must not have: writing by its group or by others (ssh's StrictModes for authorized_keys). */
    private static final Set<PosixFilePermission> NOT_FOR_TRUST = EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);

    private SecretFiles() {
    }

    /**
     * The text of a secret file, once its permissions are checked.
     *
     * @param what what the file holds, for messages ("the mesh secret file")
     * @throws IllegalArgumentException when its group or others have any permission on it: one line naming the file and {@code chmod 600}
     * @throws UncheckedIOException     when it cannot be read, naming it
     */
    public static String readSecret(Path file, String what, Charset charset) {
        requireOwnerOnly(file, what);
        return read(file, what, charset);
    }

    /**
     * The text of a trusted keys file, once checked that only its owner may change it.
     *
     * @throws IllegalArgumentException when its group or others may write it: one line naming the file and {@code chmod go-w}
     * @throws UncheckedIOException     when it cannot be read, naming it
     */
    public static String readTrusted(Path file, String what, Charset charset) {
        Set<PosixFilePermission> granted = permissions(file, what);
        if (granted != null && granted.stream().anyMatch(NOT_FOR_TRUST::contains)) {
            throw new IllegalArgumentException(what + " " + file + " may be changed by others (" + PosixFilePermissions.toString(granted)
                    + "), who could add a key to it; let only its owner write it: chmod go-w " + file);
        }
        return read(file, what, charset);
    }

    /**
     * Checks that only the owner of {@code file} has any permission on it.
     *
     * @throws IllegalArgumentException when its group or others have one: one line naming the file and {@code chmod 600}
     */
    public static void requireOwnerOnly(Path file, String what) {
        Set<PosixFilePermission> granted = permissions(file, what);
        if (granted != null && granted.stream().anyMatch(NOT_FOR_SECRETS::contains)) {
            throw new IllegalArgumentException(what + " " + file + " is open to others (" + PosixFilePermissions.toString(granted)
                    + "); make it readable by its owner only: chmod 600 " + file);
        }
    }

    /** The file's permissions, or null where the file system has none; a file that is not there is an UncheckedIOException. */
    private static Set<PosixFilePermission> permissions(Path file, String what) {
        if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) return null;
        try {
            return Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file + ": " + describe(e, file), e);
        }
    }

    private static String read(Path file, String what, Charset charset) {
        try {
            return Files.readString(file, charset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file + ": " + describe(e, file), e);
        }
    }

    /**
     * Why the file could not be read, in words: "no such file", "permission denied", "is a directory",
     * rather than the bare path that NoSuchFileException and AccessDeniedException give as their message.
     */
    public static String describe(IOException e, Path file) {
        if (e instanceof java.nio.file.NoSuchFileException) return "no such file";
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (Files.isDirectory(file)) return "is a directory";
        String message = e.getMessage();
        if (message == null || message.equals(file.toString())) return e.getClass().getSimpleName();
        return message.startsWith(file.toString() + ": ") ? message.substring(file.toString().length() + 2) : message;
    }
}
