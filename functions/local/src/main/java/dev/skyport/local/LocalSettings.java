package dev.skyport.local;

/** Property names only the local platform sets. */
final class LocalSettings {

    static final String OUTBOX_DIR = "skyport.local.outbox-dir";
    static final String SIGNING_KEY_FILE = "skyport.local.signing-key-file";

    private LocalSettings() {
    }
}
