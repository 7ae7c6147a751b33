package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import static cn.fazhi.pulse.sink.SinkFixture.UPDATES;
import static cn.fazhi.pulse.sink.SinkFixture.await;
import static cn.fazhi.pulse.sink.SinkFixture.databaseAtTheTopicsEnd;
import static cn.fazhi.pulse.sink.SinkFixture.group;
import static cn.fazhi.pulse.sink.SinkFixture.onOneConnection;
import static cn.fazhi.pulse.sink.SinkFixture.storedOffsets;
import static cn.fazhi.pulse.sink.SinkFixture.streamProgress;
import static cn.fazhi.pulse.sink.SinkProcess.LOG;
import static cn.fazhi.pulse.sink.SinkProcess.assertAlive;
import static cn.fazhi.pulse.sink.SnapshotStream.longStream;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink process stopped as a service manager stops it (SIGTERM), in the middle of a stream. */
@ExtendWith(PipelineBackends.class)
class SinkSigtermIT {
    /** The test's own reads, polled every few milliseconds, on one connection ({@link SinkFixture#onOneConnection}). */
    @AutoClose
    Connection reads;

    @Test
    void shouldHaveStoredEverythingItReadWhenStoppedBySigtermMidStream(Backends backends) throws Exception {
        // Given a sink process a third of the way through a stream
        Database database = databaseAtTheTopicsEnd(backends);
        reads = database.dataSource().getConnection();
        Jdbi jdbi = onOneConnection(reads);
        Map<Integer, Long> starts = storedOffsets(jdbi);
        SnapshotStream.Published stream = longStream(backends, "T" + SinkFixture.RUN, UPDATES, SinkFixture.SEED + 6);
        Process sink = SinkProcess.start(backends, database, group("terminated"));
        try {
            await("the sink process to store a third of the stream", () -> streamProgress(jdbi, stream) >= 0.33, () -> assertAlive(sink));

            // When a service manager stops it (SIGTERM)
            sink.destroy();
            assertThat(sink.waitFor(60, TimeUnit.SECONDS)).as("stopped within a minute").isTrue();
        } finally {
            sink.destroyForcibly();
        }

        // Then it finished the batch in hand: every record it read is stored with its offset
        String stopped = Files.readAllLines(LOG).stream()
                .filter(line -> line.startsWith("sink process " + sink.pid() + " stopped: read "))
                .reduce((first, second) -> second)
                .orElseThrow(() -> new AssertionError("the sink process did not report stopping; see " + LOG.toAbsolutePath()));
        long read = Long.parseLong(stopped.replaceAll(".* read (\\d+) records.*", "$1"));
        long storedPastTheStart = storedOffsets(jdbi).entrySet().stream()
                .mapToLong(e -> e.getValue() - starts.getOrDefault(e.getKey(), 0L)).sum();
        assertThat(sink.exitValue()).as("exit status after SIGTERM and a clean shutdown hook").isEqualTo(128 + 15);
        assertThat(read).as("records read before stopping: part of the stream").isPositive().isLessThan(stream.records().size());
        assertThat(storedPastTheStart).as("offsets stored past the start = records read").isEqualTo(read);
    }
}
