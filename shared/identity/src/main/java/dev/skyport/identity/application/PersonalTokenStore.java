package dev.skyport.identity.application;

import dev.skyport.kernel.UserId;
import java.util.List;

/** Where personal access tokens are kept: by the hash of their text, listed per person. */
public interface PersonalTokenStore {

    /** Saves a new token under the hash of its text. */
    void save(String tokenHash, PersonalTokens.PersonalToken token);

    /** The person's tokens, newest first. */
    List<PersonalTokens.PersonalToken> ofPerson(UserId owner);

    /** Deletes the person's token with that id; false when the person has none with it. */
    boolean delete(UserId owner, String tokenId);

    /** How many tokens the person has (a bound on how many they may keep). */
    default int countOf(UserId owner) {
        return ofPerson(owner).size();
    }
}
