package dev.skyport.platform.web;

import io.micronaut.core.annotation.Order;
import io.micronaut.core.io.buffer.ByteBuffer;
import io.micronaut.core.type.Argument;
import io.micronaut.core.type.Headers;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.body.MessageBodyReader;
import io.micronaut.http.codec.CodecException;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.body.JsonMessageHandler;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Every JSON request body of the API, read strictly: {@link StrictJson} checks it against the type the route binds
 * it to, then the codec reads it as before. Ordered before Micronaut's own JSON reader, for the media types that one
 * reads, so no route can get a body past the check by its {@code Content-Type}. Raw bodies ({@code byte[]},
 * {@code String}) are not this reader's: a route that takes one reads it itself (strictly, as
 * {@code PATCH /clusters/{id}} does).
 */
@Singleton
@Order(JsonMessageHandler.ORDER - 1)
@Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_JSON, MediaType.APPLICATION_HAL_JSON,
        MediaType.APPLICATION_JSON_GITHUB, MediaType.APPLICATION_JSON_FEED, MediaType.APPLICATION_JSON_PROBLEM,
        MediaType.APPLICATION_JSON_PATCH, MediaType.APPLICATION_JSON_MERGE_PATCH, MediaType.APPLICATION_JSON_SCHEMA})
public class StrictJsonBodyReader<T> implements MessageBodyReader<T> {

    private static final Set<Class<?>> RAW = Set.of(byte[].class, String.class, CharSequence.class,
            InputStream.class, ByteBuffer.class, Object.class);

    private final JsonMapper json;

    public StrictJsonBodyReader(JsonMapper json) {
        this.json = json;
    }

    @Override
    public boolean isReadable(Argument<T> type, MediaType mediaType) {
        return !RAW.contains(type.getType()) && !ByteBuffer.class.isAssignableFrom(type.getType());
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, ByteBuffer<?> byteBuffer)
            throws CodecException {
        return read(type, byteBuffer.toByteArray());
    }

    @Override
    public T read(Argument<T> type, MediaType mediaType, Headers headers, InputStream inputStream)
            throws CodecException {
        try {
            return read(type, inputStream.readAllBytes());
        } catch (IOException e) {
            throw new CodecException("the request body could not be read", e);
        }
    }

    private T read(Argument<T> type, byte[] body) {
        StrictJson.check(body, type);
        try {
            return json.readValue(body, type);
        } catch (IOException e) {
            throw new CodecException("the request body does not fit " + type.getTypeName(), e);
        }
    }
}
