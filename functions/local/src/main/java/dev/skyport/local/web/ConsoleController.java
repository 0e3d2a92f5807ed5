package dev.skyport.local.web;

import dev.skyport.console.ConsoleHeaders;
import dev.skyport.platform.web.ProblemResponses;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The web console, from the console module's jar: {@code /} leads to {@code /console/}; a file of the build is
 * served as it is, and any other path under {@code /console/} is one of the console's own pages, so it gets the
 * console's {@code index.html} (the same rule CloudFront applies in AWS). Every answer carries
 * {@link ConsoleHeaders}.
 */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class ConsoleController {

    private static final String INDEX = "index.html";
    /** Names a file of the build may have: no "..", no backslash, no query. */
    private static final Pattern FILE =
            Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");

    @Get(produces = MediaType.TEXT_HTML)
    public HttpResponse<Void> root() {
        return HttpResponse.seeOther(URI.create(ConsoleHeaders.PATH));
    }

    /** {@code /console}, {@code /console/} (Micronaut matches both with the first) and everything under it. */
    @Get(uris = {"/console", "/console/{+path}"})
    public HttpResponse<?> file(HttpRequest<?> request, @Nullable @PathVariable String path) {
        // A path that names no file is one of the console's pages (never a folder of the build).
        String file = path == null || !looksLikeFile(path) ? INDEX : path;
        Optional<byte[]> content = FILE.matcher(file).matches() ? read(file) : Optional.empty();
        if (content.isEmpty()) {
            return headers(ProblemResponses.of(request, HttpStatus.NOT_FOUND, "not-found",
                    "the console has no such file"), file);
        }
        return headers(HttpResponse.ok(content.get()), file)
                .contentType(MediaType.forFilename(file));
    }

    /** A path whose last segment has an extension asks for a file; a missing one is 404, not the page. */
    private static boolean looksLikeFile(String path) {
        return path.substring(path.lastIndexOf('/') + 1).contains(".");
    }

    private static <T> MutableHttpResponse<T> headers(MutableHttpResponse<T> response, String file) {
        ConsoleHeaders.security().forEach(response::header);
        return response.header("Cache-Control", ConsoleHeaders.cacheControl(file));
    }

    private Optional<byte[]> read(String file) {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ConsoleHeaders.RESOURCE_ROOT + file)) {
            return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the console's " + file, e);
        }
    }
}
