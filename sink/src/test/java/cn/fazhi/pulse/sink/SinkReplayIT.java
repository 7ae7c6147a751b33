package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import static cn.fazhi.pulse.sink.SinkFixture.UPDATES;
import static cn.fazhi.pulse.sink.SinkFixture.assertSameRows;
import static cn.fazhi.pulse.sink.SinkFixture.awaitCaughtUp;
import static cn.fazhi.pulse.sink.SinkFixture.current;
import static cn.fazhi.pulse.sink.SinkFixture.databaseAtTheTopicsEnd;
import static cn.fazhi.pulse.sink.SinkFixture.group;
import static cn.fazhi.pulse.sink.SinkFixture.history;
import static cn.fazhi.pulse.sink.SinkFixture.onOneConnection;
import static cn.fazhi.pulse.sink.SinkFixture.startAt;
import static cn.fazhi.pulse.sink.SinkFixture.storedOffsets;
import static cn.fazhi.pulse.sink.SnapshotStream.longStream;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Records read again (a lost offset table, a restore, a reset group): idempotent writes absorb them. */
@ExtendWith(PipelineBackends.class)
class SinkReplayIT {
    /** The test's own reads, polled every few milliseconds, on one connection ({@link SinkFixture#onOneConnection}). */
    @AutoClose
    Connection reads;

    @Test
    void shouldLeaveBothTablesUnchangedWhenTheTopicIsReplayedFromTheBeginningIntoAPopulatedDatabase(Backends backends) throws Exception {
        // Given a database holding a whole stream
        Database database = databaseAtTheTopicsEnd(backends);
        reads = database.dataSource().getConnection();
        Jdbi jdbi = onOneConnection(reads);
        Map<Integer, Long> beginning = storedOffsets(jdbi);
        SnapshotStream.Published stream = longStream(backends, "R" + SinkFixture.RUN, UPDATES, SinkFixture.SEED + 4);
        String group = group("replay");
        try (SinkThread sink = new SinkThread(backends, database, group)) {
            awaitCaughtUp(jdbi, stream.ends(), sink);
        }
        List<SnapshotStream.Row> historyBefore = history(jdbi, "");
        List<SnapshotStream.Row> currentBefore = current(jdbi, "");
        assertThat(historyBefore).as("history rows before the replay").hasSizeGreaterThanOrEqualTo(UPDATES);

        // When its offsets are set back to where the stream began, and the sink reads it all again
        jdbi.useHandle(h -> h.execute("DELETE FROM sink_offset"));
        startAt(jdbi, beginning);
        long rewritten;
        try (SinkThread sink = new SinkThread(backends, database, group)) {
            awaitCaughtUp(jdbi, stream.ends(), sink);
            rewritten = sink.snapshotsWritten();
        }

        // Then
        assertThat(rewritten).as("snapshots written again by the replay").isGreaterThanOrEqualTo(historyBefore.size());
        assertSameRows("indicator_history", history(jdbi, ""), historyBefore);
        assertSameRows("indicator_current", current(jdbi, ""), currentBefore);
    }
}
