package dev.skyport.local;

/** Property names only the local platform sets. */
final class LocalSettings {

    static final String OUTBOX_DIR = "skyport.local.outbox-dir";
    static final String SIGNING_KEY_FILE = "skyport.local.signing-key-file";
    /** Set when no Secrets Manager endpoint is configured: secrets go encrypted into DynamoDB Local. */
    static final String ENCRYPTED_SECRETS = "skyport.local.encrypted-secrets";
    static final String SECRETS_KEY_FILE = "skyport.local.secrets-key-file";
    /** Which provisioner runs clusters: {@code simulated} (the default) or {@code docker}. */
    static final String PROVISIONER = "skyport.local.provisioner.kind";
    /** The docker executable the docker provisioner calls (default {@code docker} on the PATH). */
    static final String DOCKER_COMMAND = "skyport.local.provisioner.docker-command";
    /** The Terraform image the docker provisioner runs. */
    static final String TERRAFORM_IMAGE = "skyport.local.provisioner.image";
    /** How long each step of a simulated run takes (default 1s). */
    static final String STEP_DELAY = "skyport.local.provisioner.step-delay";
    /** Who may create clusters; on the development platform every verified user may unless told otherwise. */
    static final String CLUSTER_CREATORS = "skyport.clusters.creators";

    private LocalSettings() {
    }
}
