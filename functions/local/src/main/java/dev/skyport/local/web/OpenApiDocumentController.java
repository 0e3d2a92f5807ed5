package dev.skyport.local.web;

import dev.skyport.console.ApiDocument;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.rules.SecurityRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Local platform only: the whole API as one OpenAPI document, as the build merged it ({@link ApiDocument}). */
@Controller
@Secured(SecurityRule.IS_ANONYMOUS)
public class OpenApiDocumentController {

    private final String document;

    public OpenApiDocumentController() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(ApiDocument.RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(ApiDocument.RESOURCE
                        + " is not on the classpath: build shared/console");
            }
            this.document = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + ApiDocument.RESOURCE, e);
        }
    }

    @Get(value = "/openapi.yml", produces = ApiDocument.MEDIA_TYPE)
    public String document() {
        return document;
    }
}
