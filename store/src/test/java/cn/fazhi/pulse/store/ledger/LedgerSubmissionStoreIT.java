package cn.fazhi.pulse.store.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What submissions said, kept in and read back from a real PostgreSQL. */
@ExtendWith(PipelineBackends.class)
class LedgerSubmissionStoreIT {
    private static final Instant NOW = Instant.parse("2025-01-10T02:00:00Z");

    @Test
    void shouldReadBackEveryStepWhenASubmissionIsSaved(Backends backends) {
        LedgerSubmissionStore store = store(backends);
        StoredLedgerEntity m1 = entity("m-1", 2024, step("accepted", "ldg-a", List.of(), false), step("concluded", "ldg-c", List.of(7L, -3L), true));

        long number = store.save(List.of(m1, entity("m-2", 2023, step("accepted", "ldg-b", List.of(), false))),
                new LedgerSubmissionStore.Receipt(true, 2, 0, 0, 0), NOW);

        assertThat(number).isPositive();
        assertThat(store.load(Set.of("120111101000"), Set.of("mediation"))).hasSize(2).first().isEqualTo(m1);
        assertThat(store.load(Set.of("120111101000"), Set.of("petition"))).isEmpty();
    }

    @Test
    void shouldReplaceAnEntitysStepsWhenALaterSubmissionChangesIt(Backends backends) {
        LedgerSubmissionStore store = store(backends);
        store.save(List.of(entity("m-1", 2024, step("accepted", "ldg-a", List.of(), false), step("concluded", "ldg-c", List.of(), false))),
                new LedgerSubmissionStore.Receipt(false, 1, 0, 0, 0), NOW);
        StoredLedgerEntity edited = entity("m-1", 2025, step("accepted", "ldg-a", List.of(11L), false));

        long second = store.save(List.of(edited), new LedgerSubmissionStore.Receipt(false, 0, 1, 0, 0), NOW.plusSeconds(60));

        assertThat(second).isGreaterThan(1);
        assertThat(store.load(Set.of("120111101000"), Set.of("mediation"))).containsExactly(edited);
    }

    private static LedgerSubmissionStore store(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        return new LedgerSubmissionStore(database.jdbi());
    }

    private static StoredLedgerEntity entity(String id, int year, StoredLedgerStep... steps) {
        return new StoredLedgerEntity("120111101000", "mediation", id, year, "台账.xlsx 第 3 行 / row 3", List.of(steps));
    }

    private static StoredLedgerStep step(String step, String eventId, List<Long> superseded, boolean withdrawn) {
        return new StoredLedgerStep(step, eventId, "MediationAccepted", 42L, 1, superseded, withdrawn,
                "{\"type\": \"MediationAccepted\", \"event_id\": \"" + eventId + "\"}");
    }
}
