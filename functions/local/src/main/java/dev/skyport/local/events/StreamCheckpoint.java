package dev.skyport.local.events;

import dev.skyport.local.LocalFiles;
import dev.skyport.local.LocalOnly;
import dev.skyport.local.LocalSettings;
import io.micronaut.context.annotation.Value;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the local stream poller got to in the clusters table's stream: the last record handled of each shard, in a
 * file of the data folder ({@value LocalSettings#STREAM_CHECKPOINT_FILE}), replaced whole at each save. Without a
 * file setting it keeps nothing. A checkpoint of another stream (the table made again) is no checkpoint.
 */
@Singleton
@LocalOnly
public class StreamCheckpoint {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCheckpoint.class);

    private final Optional<Path> file;
    private final JsonMapper json;

    public StreamCheckpoint(@Value("${" + LocalSettings.STREAM_CHECKPOINT_FILE + ":}") String file, JsonMapper json) {
        this.file = Optional.of(file).filter(name -> !name.isBlank()).map(Path::of);
        this.json = json;
    }

    /** What is kept. */
    @Serdeable
    record Kept(String stream, Map<String, String> shards) {
    }

    /** The last record handled of each shard of {@code streamArn}, when a checkpoint of that stream is kept. */
    Optional<Map<String, String>> load(String streamArn) {
        if (file.isEmpty() || !Files.exists(file.get())) {
            return Optional.empty();
        }
        try {
            Kept kept = json.readValue(Files.readAllBytes(file.get()), Kept.class);
            return Optional.ofNullable(kept).filter(k -> streamArn.equals(k.stream()) && k.shards() != null)
                    .map(Kept::shards);
        } catch (IOException unreadable) {
            LOG.warn("the stream checkpoint {} cannot be read ({}): starting after the stream's records of now",
                    file.get(), unreadable.getMessage());
            return Optional.empty();
        }
    }

    /** Keeps where the poller got to; a save that fails is logged, and the next one tries again. */
    void save(String streamArn, Map<String, String> shards) {
        if (file.isEmpty()) {
            return;
        }
        Path target = file.get();
        try {
            LocalFiles.ownerOnlyDirectory(target.toAbsolutePath().getParent());
            Path next = target.resolveSibling(target.getFileName() + ".next");
            Files.write(next, json.writeValueAsBytes(new Kept(streamArn, Map.copyOf(shards))));
            Files.move(next, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not keep the stream checkpoint {}: {}", target, e.getMessage());
        }
    }
}
