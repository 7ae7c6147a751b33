package cn.fazhi.pulse.sink;

import static cn.fazhi.pulse.sink.Snapshots.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.sink.internal.SqlErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the poll loop does with a batch whose write failed, against writers that fail on purpose. */
class BatchRecoveryTest {
    private static final Instant T = Instant.parse("2021-01-01T00:00:00Z");
    private static final String URL = "jdbc:postgresql://db/x";

    private final List<Integer> waited = new ArrayList<>();
    private final List<Long> setAside = new ArrayList<>();

    @Test
    void shouldStoreTheWholeBatchAfterWaitingWhenTheDatabaseComesBack() {
        int[] tries = {0};
        BatchRecovery recovery = recovery(batch -> {
            if (++tries[0] < 3) {
                throw Failures.away();
            }
        });

        long stored = recovery.store(batch(5), Failures.away(), (failures, wait, why) -> waited.add(failures));

        assertThat(stored).isEqualTo(5);
        assertThat(waited).containsExactly(1, 2, 3);
        assertThat(setAside).isEmpty();
    }

    @Test
    void shouldSearchForTheRefusedRecordWithoutWaitingWhenTheFirstFailureIsARefusal() {
        BatchRecovery recovery = recovery(batch -> {
            if (batch.history().stream().anyMatch(e -> e.offset() == 2)) {
                throw Failures.refused();
            }
        });

        long stored = recovery.store(batch(5), Failures.refused(), (failures, wait, why) -> waited.add(failures));

        assertThat(stored).isEqualTo(4);
        assertThat(setAside).containsExactly(2L);
        assertThat(waited).isEmpty();
    }

    @Test
    void shouldStopWithAPermanentFailureWhenTheDatabaseRefusesTheCredentials() {
        BatchRecovery recovery = recovery(batch -> {});

        assertThatThrownBy(() -> recovery.store(batch(1), Failures.badPassword(), (failures, wait, why) -> waited.add(failures)))
                .isInstanceOf(PermanentSinkException.class).isNotInstanceOf(RecordRefusedException.class)
                .hasMessageContaining(URL).hasMessageContaining("check the database user and password");
        assertThat(waited).isEmpty();
    }

    private BatchRecovery recovery(BatchWrite write) {
        Retry retry = new Retry(Backoff.upTo(Duration.ofSeconds(1)), e -> SqlErrors.toSinkException(e, URL));
        return new BatchRecovery(write, retry, new RefusedRecordSearch(write, (entry, reason) -> setAside.add(entry.offset()), URL));
    }

    private static SinkBatch batch(int snapshots) {
        SinkBatch batch = new SinkBatch();
        for (int i = 0; i < snapshots; i++) {
            batch.addSnapshot(new SinkBatch.Entry(count("370323106000", "2020", "mediation.accepted", i), 0, i, T));
            batch.consumed("fazhi.indicators", 0, i);
        }
        return batch;
    }
}
