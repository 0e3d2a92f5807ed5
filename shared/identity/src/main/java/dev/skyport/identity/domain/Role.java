package dev.skyport.identity.domain;

public enum Role {
    USER,
    ADMIN
}
