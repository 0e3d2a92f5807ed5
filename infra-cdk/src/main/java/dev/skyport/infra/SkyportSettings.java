package dev.skyport.infra;

import java.nio.file.Path;
import java.util.Optional;
import software.amazon.awscdk.App;

/**
 * What an operator chooses at deploy time, from CDK context ({@code cdk.json} or {@code -c key=value}).
 *
 * @param deletionProtection keep DynamoDB tables from being deleted with the stack
 * @param mailSender the From address of Skyport's e-mails; must be a verified SES identity
 * @param sesIdentity the SES identity (address or domain) the functions may send as
 * @param adminEmails comma-separated e-mails that become ADMIN
 * @param googleClientId the OAuth client id for Google sign-in; empty turns it off
 * @param publicBaseUrl where people reach the API, when not the execute-api URL (a custom domain)
 * @param functionsDirectory where the function modules' shaded jars are built
 * @param clusterCreators    who may create clusters: {@code admin} (the default) or {@code user} (every verified user)
 * @param terraformImage     the folder of the Terraform image the provisioning tasks run
 * @param alarmEmail         who the operations topic mails every alarm to ({@code skyport:alarmEmail}); none when
 *                           absent (subscribe a person, a pager or AWS Chatbot to the topic yourself)
 * @param reservedConcurrency the functions' concurrency reservations ({@code skyport:reservedConcurrency})
 * @param auditArchiveDays   how long the audit archive's copies are locked ({@code skyport:auditArchiveDays}, 7 years
 *                           by default): in compliance mode where tables are deletion-protected, so no one can shorten
 *                           it, in governance mode otherwise, so a throwaway environment can still be cleared
 */
public record SkyportSettings(boolean deletionProtection, String mailSender, String sesIdentity, String adminEmails,
                              String googleClientId, Optional<String> publicBaseUrl, Path functionsDirectory,
                              String clusterCreators, Path terraformImage, Optional<String> alarmEmail,
                              ReservedConcurrency reservedConcurrency, int auditArchiveDays) {

    public static final String ALARM_EMAIL = "skyport:alarmEmail";
    public static final String AUDIT_ARCHIVE_DAYS = "skyport:auditArchiveDays";
    /** Seven years, leap days included: a common retention for records of access to financial systems. */
    public static final int DEFAULT_AUDIT_ARCHIVE_DAYS = 2557;

    public SkyportSettings {
        alarmEmail.ifPresent(address -> {
            if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                throw new IllegalArgumentException(ALARM_EMAIL + " must be one e-mail address, not '" + address + "'");
            }
        });
        // longer than the table keeps entries (a year), so every entry is in one or the other; S3 takes up to 100 years
        if (auditArchiveDays < 366 || auditArchiveDays > 36500) {
            throw new IllegalArgumentException(AUDIT_ARCHIVE_DAYS + " must be 366 to 36500 days, not "
                    + auditArchiveDays);
        }
    }

    /** The settings without alarm e-mail and with the default reservations (tests, throwaway environments). */
    public SkyportSettings(boolean deletionProtection, String mailSender, String sesIdentity, String adminEmails,
                           String googleClientId, Optional<String> publicBaseUrl, Path functionsDirectory,
                           String clusterCreators, Path terraformImage) {
        this(deletionProtection, mailSender, sesIdentity, adminEmails, googleClientId, publicBaseUrl,
                functionsDirectory, clusterCreators, terraformImage, Optional.empty(), ReservedConcurrency.DEFAULTS,
                DEFAULT_AUDIT_ARCHIVE_DAYS);
    }

    public static SkyportSettings from(App app) {
        return new SkyportSettings(
                !"false".equals(String.valueOf(context(app, "skyport:deletionProtection", "true"))),
                context(app, "skyport:mailSender", "noreply@example.com"),
                context(app, "skyport:sesIdentity", context(app, "skyport:mailSender", "noreply@example.com")),
                context(app, "skyport:adminEmails", ""),
                context(app, "skyport:googleClientId", ""),
                Optional.of(context(app, "skyport:publicBaseUrl", "")).filter(url -> !url.isBlank()),
                Path.of(context(app, "skyport:functionsDirectory", "../functions")),
                context(app, "skyport:clusterCreators", "admin"),
                Path.of(context(app, "skyport:terraformImage", "terraform-image")),
                Optional.of(context(app, ALARM_EMAIL, "").strip()).filter(address -> !address.isEmpty()),
                ReservedConcurrency.parse(context(app, ReservedConcurrency.CONTEXT_KEY, "")),
                days(context(app, AUDIT_ARCHIVE_DAYS, String.valueOf(DEFAULT_AUDIT_ARCHIVE_DAYS))));
    }

    private static int days(String text) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(AUDIT_ARCHIVE_DAYS + " must be a whole number of days, not '" + text
                    + "'");
        }
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }

    /** The shaded jar of one function module; synthesis fails when it has not been built. */
    public Path functionJar(String module) {
        return jar(module, "skyport-" + module + "-lambda.jar");
    }

    /**
     * A second jar a function module makes from the same code, for another function ({@code preflight}: the
     * cloud-accounts module's, with the IAM client the run preflight needs and the API does not).
     */
    public Path functionJar(String module, String variant) {
        return jar(module, "skyport-" + module + "-" + variant + "-lambda.jar");
    }

    /** The web console as its build made it (next to the functions: {@code shared/console}); synthesis needs it. */
    public Path consoleBuild() {
        Path build = functionsDirectory.resolveSibling("shared").resolve("console/target/classes/console");
        if (!build.resolve("index.html").toFile().isFile()) {
            throw new IllegalStateException("missing " + build.toAbsolutePath()
                    + ": build the console first (./mvnw -DskipTests package)");
        }
        return build;
    }

    private Path jar(String module, String name) {
        Path jar = functionsDirectory.resolve(module).resolve("target").resolve(name);
        if (!jar.toFile().isFile()) {
            throw new IllegalStateException("missing " + jar.toAbsolutePath()
                    + ": build the functions first (./mvnw -DskipTests package)");
        }
        return jar;
    }
}
