package dev.skyport.identity.adapter.crypto;

/** The secret bytes the second-factor keys are derived from; read once, when the keys are made. */
public interface SecondFactorKeyMaterial {

    byte[] material();
}
