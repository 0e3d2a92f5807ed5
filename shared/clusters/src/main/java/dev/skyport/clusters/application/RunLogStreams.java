package dev.skyport.clusters.application;

import dev.skyport.kernel.UserId;
import java.util.Optional;

/**
 * The runs behind the Terraform tasks' CloudWatch log streams, for sending their lines to the owner live. Each
 * batch of lines is numbered once, in the order of the stream, the way the logs route numbers them.
 */
public interface RunLogStreams {

    /** Where a batch of lines goes, and the {@code seq} of its first line. */
    record Batch(UserId owner, String clusterId, String runId, long firstSeq) {
    }

    /**
     * Numbers a batch of {@code count} lines of a stream, from CloudWatch event id {@code firstEventId} to
     * {@code lastEventId} (ids grow along a stream). Empty when the stream is no run's, or when these lines were
     * numbered before (the same batch delivered again) or an earlier batch arrives after a later one.
     */
    Optional<Batch> claim(String logStream, String firstEventId, String lastEventId, int count);
}
