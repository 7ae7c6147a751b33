package cn.fazhi.pulse.streams.domain;

import static cn.fazhi.pulse.streams.TestEvents.accepted;
import static cn.fazhi.pulse.streams.TestEvents.concluded;
import static cn.fazhi.pulse.streams.TestEvents.retraction;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EntityFactsTest {
    private static final Instant T1 = Instant.parse("2020-04-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2020-05-01T00:00:00Z");

    @Test
    void shouldReturnTheSameInstanceAndKeepTheFirstArrivalWhenAnEventIsADuplicate() {
        EntityFacts once = EntityFacts.NONE.with(accepted("m-1", "2020-03-02"), T1);

        EntityFacts twice = once.with(accepted("m-1", "2020-03-02"), T2);

        assertThat(twice).isSameAs(once);
        assertThat(twice.live()).singleElement().extracting(Fact::arrivedAt).isEqualTo(T1);
    }

    @Test
    void shouldHideTheRetractedEventWhenTheRetractionArrivesBeforeIt() {
        EntityFacts facts = EntityFacts.NONE
                .with(retraction("m-1-c", "MediationConcluded", "m-1", "2020-03-25"), T1)
                .with(accepted("m-1", "2020-03-02"), T1)
                .with(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"), T2);

        assertThat(facts.live()).extracting(Fact::eventId).containsExactly("m-1-a");
    }
}
