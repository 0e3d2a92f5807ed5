package dev.skyport.mail;

/** Sends e-mail to people: SES in AWS, an outbox folder in the local platform. */
public interface Mailer {

    void send(OutgoingEmail email);
}
