package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import static cn.fazhi.pulse.sink.SinkFixture.UPDATES;
import static cn.fazhi.pulse.sink.SinkFixture.assertSameRows;
import static cn.fazhi.pulse.sink.SinkFixture.awaitStored;
import static cn.fazhi.pulse.sink.SinkFixture.current;
import static cn.fazhi.pulse.sink.SinkFixture.databaseAtTheTopicsEnd;
import static cn.fazhi.pulse.sink.SinkFixture.group;
import static cn.fazhi.pulse.sink.SinkFixture.history;
import static cn.fazhi.pulse.sink.SinkFixture.onOneConnection;
import static cn.fazhi.pulse.sink.SnapshotStream.longStream;

import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.sql.Connection;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Nothing going wrong: the reference the failure modes of the other sink ITs are held to. */
@ExtendWith(PipelineBackends.class)
class SinkStreamIT {
    /** The test's own reads, polled every few milliseconds, on one connection ({@link SinkFixture#onOneConnection}). */
    @AutoClose
    Connection reads;

    @Test
    void shouldStoreTheLastValuePerKeyAndEveryChangeInOrderWhenAStreamOfUpdatesIsSunk(Backends backends) throws Exception {
        // Given an empty database, and a stream of updates published after it
        Database database = databaseAtTheTopicsEnd(backends);
        reads = database.dataSource().getConnection();
        Jdbi jdbi = onOneConnection(reads);
        SnapshotStream.Published stream = longStream(backends, "S" + SinkFixture.RUN, UPDATES, SinkFixture.SEED);

        // When
        try (SinkThread sink = new SinkThread(backends, database, group("stream"))) {
            awaitStored(jdbi, stream.ends(), sink::assertRunning);
        }

        // Then
        assertSameRows("indicator_history", history(jdbi, stream.prefix()), stream.history());
        assertSameRows("indicator_current", current(jdbi, stream.prefix()), stream.current());
    }
}
