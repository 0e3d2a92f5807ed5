package dev.skyport.local;

import dev.skyport.clusters.config.ClustersSettings;

/** Property names only the local platform sets. */
public final class LocalSettings {

    public static final String OUTBOX_DIR = "skyport.local.outbox-dir";
    public static final String SIGNING_KEY_FILE = "skyport.local.signing-key-file";
    /** Set when no Secrets Manager endpoint is configured: secrets go encrypted into DynamoDB Local. */
    public static final String ENCRYPTED_SECRETS = "skyport.local.encrypted-secrets";
    public static final String SECRETS_KEY_FILE = "skyport.local.secrets-key-file";
    /** The key material that seals TOTP secrets and hashes recovery codes (Secrets Manager's in AWS). */
    public static final String MFA_KEY_FILE = "skyport.local.mfa-key-file";
    /** Which provisioner runs clusters: {@code simulated} (the default) or {@code docker}. */
    public static final String PROVISIONER = "skyport.local.provisioner.kind";
    /** The docker executable the docker provisioner calls (default {@code docker} on the PATH). */
    public static final String DOCKER_COMMAND = "skyport.local.provisioner.docker-command";
    /** The Terraform image the docker provisioner runs. */
    public static final String TERRAFORM_IMAGE = "skyport.local.provisioner.image";
    /** How long each step of a simulated run takes (default 1s). */
    public static final String STEP_DELAY = "skyport.local.provisioner.step-delay";
    /** Where the local stream poller keeps how far it read the clusters table's stream. */
    public static final String STREAM_CHECKPOINT_FILE = "skyport.local.stream-checkpoint-file";
    /** Where the docker provisioner keeps plan runs' plan files until a run applies one. */
    public static final String PLANS_DIR = "skyport.local.provisioner.plans-dir";
    /** How often the clusters' expiries are swept (default 5s; in AWS every 5 minutes). */
    public static final String EXPIRY_SWEEP = "skyport.local.expiry-sweep";
    /** Who may create clusters; on the development platform every verified user may unless told otherwise. */
    public static final String CLUSTER_CREATORS = ClustersSettings.CREATORS;

    private LocalSettings() {
    }
}
