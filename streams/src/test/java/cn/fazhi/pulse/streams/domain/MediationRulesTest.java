package cn.fazhi.pulse.streams.domain;

import static cn.fazhi.pulse.streams.TestEvents.TOWN;
import static cn.fazhi.pulse.streams.TestEvents.accepted;
import static cn.fazhi.pulse.streams.TestEvents.concluded;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.EntityKind;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class MediationRulesTest {
    private static final Instant ARRIVED = Instant.parse("2020-03-31T00:00:00Z");
    private final EntityRulebook rulebook = EntityRulebook.standard();

    @Test
    void shouldCountAnOpenMediationAsPendingInItsAcceptanceMonth() {
        Contribution contribution = contribute(List.of(accepted("m-1", "2020-03-02")));

        Measures march = contribution.byBucket().get(new Bucket(TOWN, YearMonth.of(2020, 3)));
        assertThat(march.asMap()).containsEntry("mediation.accepted", 1L).containsEntry("mediation.pending", 1L)
                .doesNotContainKey("mediation.succeeded");
    }

    @Test
    void shouldCountWithdrawnAsFailedWhenTheMediationIsWithdrawn() {
        Contribution contribution = contribute(List.of(accepted("m-1", "2020-03-02"), concluded("m-1", "2020-03-09", "WITHDRAWN", null)));

        Measures march = contribution.byBucket().get(new Bucket(TOWN, YearMonth.of(2020, 3)));
        assertThat(march.get("mediation.failed")).isEqualTo(1);
        assertThat(march.get("mediation.pending")).isZero();
    }

    @Test
    void shouldGiveTheSameFiguresWhateverOrderTheEventsArriveIn() {
        List<SpecificRecord> events = new ArrayList<>(List.of(
                accepted("m-1", "2020-03-02"),
                concluded("m-1-c1", "m-1", "2020-03-09", "FAILED", null),
                concluded("m-1-c2", "m-1", "2020-03-19", "SUCCESS", "WRITTEN")));
        Contribution expected = contribute(events);
        Random random = new Random(7);

        for (int i = 0; i < 20; i++) {
            Collections.shuffle(events, random);
            assertThat(contribute(events)).isEqualTo(expected);
        }
    }

    private Contribution contribute(List<SpecificRecord> events) {
        EntityFacts facts = EntityFacts.NONE;
        for (SpecificRecord event : events) {
            facts = facts.with(event, ARRIVED);
        }
        return rulebook.contribute(EntityKind.MEDIATION, facts);
    }
}
