package dev.skyport.clusters.application;

import dev.skyport.clusters.domain.Run;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The output of runs, line by line: the task's CloudWatch log stream in AWS, the embedded provisioner's lines
 * locally.
 */
public interface RunLogs {

    /**
     * Lines of {@code run} in the order they were written, from where {@code cursor} says (the beginning without).
     *
     * @throws dev.skyport.kernel.DomainException {@code invalid-cursor} (400) for a cursor this method did not make
     */
    LogPage lines(Run run, Optional<String> cursor, int limit);

    /**
     * One line of output.
     *
     * @param seq the line's place in the run, from 1
     */
    record LogLine(long seq, Instant at, String line) {
    }

    /** Lines, and where the next page starts: a run under way may have more lines later at the same cursor. */
    record LogPage(List<LogLine> lines, String nextCursor) {

        public LogPage {
            lines = List.copyOf(lines);
        }
    }
}
