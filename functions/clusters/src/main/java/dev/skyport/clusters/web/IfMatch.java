package dev.skyport.clusters.web;

import dev.skyport.kernel.DomainException;
import dev.skyport.kernel.Failure;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version a change was made on, from its {@code If-Match} header (RFC 9110 section 13.1.1): one strong entity tag,
 * {@code "<version>"}, as {@code GET} gave it in {@code ETag}. A change must name it, so that of two people's edits
 * made on the same version only the first applies.
 */
final class IfMatch {

    private static final Pattern VERSION_TAG = Pattern.compile("^\\s*\"([1-9][0-9]{0,17})\"\\s*$");

    private IfMatch() {
    }

    static long version(String header) {
        if (header == null || header.isBlank()) {
            throw new DomainException(Failure.VERSION_REQUIRED, "version-required", "If-Match must name the version"
                    + " you changed: the ETag of GET /clusters/{id}, like If-Match: \"7\"");
        }
        Matcher tag = VERSION_TAG.matcher(header);
        if (!tag.matches()) {
            throw DomainException.invalid("invalid-if-match", "If-Match is one entity tag, the cluster's ETag (like"
                    + " \"7\"); a weak tag, a list or * does not name a version");
        }
        return Long.parseLong(tag.group(1));
    }
}
