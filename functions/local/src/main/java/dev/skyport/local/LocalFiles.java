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

    /** Deletes a folder with everything in it; a folder already gone is fine. */
    public static void deleteTree(Path directory) {
        if (!Files.exists(directory, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (java.util.stream.Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the folder " + directory, e);
        }
    }

    private static FileAttribute<?>[] attributes(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }
}
