package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import static cn.fazhi.pulse.sink.SinkFixture.SEED;
import static cn.fazhi.pulse.sink.SinkFixture.UPDATES;
import static cn.fazhi.pulse.sink.SinkFixture.assertSameRows;
import static cn.fazhi.pulse.sink.SinkFixture.await;
import static cn.fazhi.pulse.sink.SinkFixture.awaitStored;
import static cn.fazhi.pulse.sink.SinkFixture.count;
import static cn.fazhi.pulse.sink.SinkFixture.current;
import static cn.fazhi.pulse.sink.SinkFixture.databaseAtTheTopicsEnd;
import static cn.fazhi.pulse.sink.SinkFixture.group;
import static cn.fazhi.pulse.sink.SinkFixture.history;
import static cn.fazhi.pulse.sink.SinkFixture.onOneConnection;
import static cn.fazhi.pulse.sink.SinkFixture.streamProgress;
import static cn.fazhi.pulse.sink.SinkProcess.assertAlive;
import static cn.fazhi.pulse.sink.SnapshotStream.longStream;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The sink process killed outright (SIGKILL: a crash, a power cut, the OOM killer) at random moments. */
@ExtendWith(PipelineBackends.class)
class SinkCrashIT {
    private static final int KILLS = 5;
    /**
     * A quarter of the other long streams, read in batches a quarter the size: as many batches, so
     * that the kills land at the same places in the stream and mid-batch as before, for a quarter
     * of the records to publish, store and compare. Most of what is left is starting the JVMs.
     */
    private static final int STREAM = UPDATES / 4;
    private static final int BATCH_SIZE = SinkFixture.BATCH_SIZE / 4;

    @Test
    void shouldEndInTheSameDatabaseWithoutDuplicatesWhenTheSinkProcessIsKilledAndRestartedFiveTimes(Backends backends) throws Exception {
        // Given
        Database database = databaseAtTheTopicsEnd(backends);
        try (Connection reads = database.dataSource().getConnection()) {
            Jdbi jdbi = onOneConnection(reads); // polled every few milliseconds while the sink processes work
            SnapshotStream.Published stream = longStream(backends, "K" + SinkFixture.RUN, STREAM, SEED);
            Random random = new Random(SEED + 2);
            double[] killAt = random.doubles(KILLS, 0.02, 0.85).sorted().toArray();
            String group = group("killed");
            List<Long> rowsAtKills = new ArrayList<>();

            // When
            for (double fraction : killAt) {
                Process sink = SinkProcess.start(backends, database, group, BATCH_SIZE);
                try {
                    await(String.format("the sink process to store %.0f%% of the stream", fraction * 100),
                            () -> streamProgress(jdbi, stream) >= fraction, () -> assertAlive(sink));
                    Thread.sleep(random.nextInt(250)); // anywhere in the next batch: reading, writing or committing
                } finally {
                    sink.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no leaving the group
                    sink.waitFor();
                }
                assertThat(sink.exitValue()).as("exit status of a process killed by SIGKILL").isEqualTo(128 + 9);
                rowsAtKills.add(count(jdbi, stream.prefix()));
            }
            Process last = SinkProcess.start(backends, database, group, BATCH_SIZE);
            try {
                awaitStored(jdbi, stream.ends(), () -> assertAlive(last));
            } finally {
                last.destroyForcibly();
                last.waitFor();
            }
            System.out.printf("[SinkCrashIT] seed %d: killed at %s of the stream, with %s history rows stored%n",
                    SEED, Arrays.toString(killAt), rowsAtKills);

            // Then
            assertThat(rowsAtKills).as("history rows when each kill struck: every kill left work to do").allMatch(rows -> rows < STREAM);
            assertSameRows("indicator_history", history(jdbi, stream.prefix()), stream.history());
            assertSameRows("indicator_current", current(jdbi, stream.prefix()), stream.current());
        }
    }
}
