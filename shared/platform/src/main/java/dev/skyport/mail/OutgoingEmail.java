package dev.skyport.mail;

import java.util.Objects;

public record OutgoingEmail(String to, String subject, String textBody) {

    public OutgoingEmail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(textBody, "textBody");
    }
}
