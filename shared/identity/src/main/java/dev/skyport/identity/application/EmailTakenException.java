package dev.skyport.identity.application;

/** Another account holds this e-mail address. Callers decide what the person may learn of it. */
public final class EmailTakenException extends RuntimeException {
    public EmailTakenException() {
        super("e-mail address taken", null, false, false);
    }
}
