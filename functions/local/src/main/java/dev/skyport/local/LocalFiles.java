package dev.skyport.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files of the local platform hold keys, tables and mails: created owner-only (0600, folders 0700) from the first
 * byte, never widened after the fact. Where the file system has no POSIX permissions, the folder's own apply.
 */
public final class LocalFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private LocalFiles() {
    }

    public static Path ownerOnlyDirectory(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                if (directory.getParent() != null) {
                    Files.createDirectories(directory.getParent());
                }
                Files.createDirectory(directory, attributes("rwx------"));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the folder " + directory, e);
        }
    }

    /** Writes a new file that only the owner can read; the file must not exist yet. */
    public static void writeOwnerOnly(Path file, String content) {
        try {
            ownerOnlyDirectory(file.toAbsolutePath().getParent());
            Files.createFile(file, attributes("rw-------"));
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static FileAttribute<?>[] attributes(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }
}
