package dev.skyport.audit.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;

/**
 * Where the audit archive keeps its copies: an S3 bucket under Object Lock (AWS only; the local platform keeps the
 * table's year and no archive).
 *
 * @param bucket the bucket's name ({@code SKYPORT_AUDIT_ARCHIVE_BUCKET})
 */
@ConfigurationProperties(AuditArchiveSettings.PREFIX)
@Requires(property = AuditArchiveSettings.BUCKET)
public record AuditArchiveSettings(String bucket) {

    public static final String PREFIX = "skyport.audit.archive";
    public static final String BUCKET = PREFIX + ".bucket";
}
