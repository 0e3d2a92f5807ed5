package dev.skyport.identity.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import java.net.URI;
import java.time.Duration;

/** {@code skyport.identity.*}: the tunable rules of sign-up and login. */
@ConfigurationProperties("skyport.identity")
public class IdentityProperties {

    /** Where people reach the API; verification links start with it. */
    private URI publicBaseUrl = URI.create("http://localhost:8080");
    private Duration verificationLinkTtl = Duration.ofHours(1);
    private Duration passwordResetLinkTtl = Duration.ofHours(1);
    private Duration accessTokenTtl = Duration.ofMinutes(15);
    private Duration refreshTokenTtl = Duration.ofDays(30);
    /** How long a session lasts from login at most, however often it is refreshed. */
    private Duration sessionMaxLifetime = Duration.ofDays(30);
    private int lockoutThreshold = 5;
    private Duration lockoutWindow = Duration.ofMinutes(15);
    private Duration wsTicketTtl = Duration.ofSeconds(60);
    /** Failed logins from one client address (any account) before its attempts are slowed. */
    private int addressFailureThreshold = 20;
    /** Failed logins of one account from everywhere before every attempt at it is slowed: far above one address. */
    private int accountFailureThreshold = 100;
    /** The longest a throttled attempt must wait; the delay doubles with each failure up to it. */
    private Duration maxLoginDelay = Duration.ofMinutes(15);
    /** Anonymous requests that send mail (sign-up, resend, reset) one client address may make per window. */
    private int mailRequestsPerClientAddress = 20;
    /** Mails one recipient gets from those requests per window; further ones are silently not sent. */
    private int mailsPerRecipient = 3;
    private Duration mailLimitWindow = Duration.ofHours(1);

    public URI getPublicBaseUrl() {
        return publicBaseUrl;
    }

    public void setPublicBaseUrl(URI publicBaseUrl) {
        this.publicBaseUrl = publicBaseUrl;
    }

    public Duration getPasswordResetLinkTtl() {
        return passwordResetLinkTtl;
    }

    public void setPasswordResetLinkTtl(Duration passwordResetLinkTtl) {
        this.passwordResetLinkTtl = passwordResetLinkTtl;
    }

    public Duration getVerificationLinkTtl() {
        return verificationLinkTtl;
    }

    public void setVerificationLinkTtl(Duration verificationLinkTtl) {
        this.verificationLinkTtl = verificationLinkTtl;
    }

    public Duration getAccessTokenTtl() {
        return accessTokenTtl;
    }

    public void setAccessTokenTtl(Duration accessTokenTtl) {
        this.accessTokenTtl = accessTokenTtl;
    }

    public Duration getRefreshTokenTtl() {
        return refreshTokenTtl;
    }

    public void setRefreshTokenTtl(Duration refreshTokenTtl) {
        this.refreshTokenTtl = refreshTokenTtl;
    }

    public int getLockoutThreshold() {
        return lockoutThreshold;
    }

    public void setLockoutThreshold(int lockoutThreshold) {
        this.lockoutThreshold = lockoutThreshold;
    }

    public Duration getLockoutWindow() {
        return lockoutWindow;
    }

    public void setLockoutWindow(Duration lockoutWindow) {
        this.lockoutWindow = lockoutWindow;
    }

    public Duration getWsTicketTtl() {
        return wsTicketTtl;
    }

    public void setWsTicketTtl(Duration wsTicketTtl) {
        this.wsTicketTtl = wsTicketTtl;
    }

    public int getAddressFailureThreshold() {
        return addressFailureThreshold;
    }

    public void setAddressFailureThreshold(int addressFailureThreshold) {
        this.addressFailureThreshold = addressFailureThreshold;
    }

    public int getAccountFailureThreshold() {
        return accountFailureThreshold;
    }

    public void setAccountFailureThreshold(int accountFailureThreshold) {
        this.accountFailureThreshold = accountFailureThreshold;
    }

    public Duration getMaxLoginDelay() {
        return maxLoginDelay;
    }

    public void setMaxLoginDelay(Duration maxLoginDelay) {
        this.maxLoginDelay = maxLoginDelay;
    }

    public int getMailRequestsPerClientAddress() {
        return mailRequestsPerClientAddress;
    }

    public void setMailRequestsPerClientAddress(int mailRequestsPerClientAddress) {
        this.mailRequestsPerClientAddress = mailRequestsPerClientAddress;
    }

    public int getMailsPerRecipient() {
        return mailsPerRecipient;
    }

    public void setMailsPerRecipient(int mailsPerRecipient) {
        this.mailsPerRecipient = mailsPerRecipient;
    }

    public Duration getMailLimitWindow() {
        return mailLimitWindow;
    }

    public void setMailLimitWindow(Duration mailLimitWindow) {
        this.mailLimitWindow = mailLimitWindow;
    }

    public Duration getSessionMaxLifetime() {
        return sessionMaxLifetime;
    }

    public void setSessionMaxLifetime(Duration sessionMaxLifetime) {
        this.sessionMaxLifetime = sessionMaxLifetime;
    }
}
