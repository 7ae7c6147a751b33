package cn.fazhi.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.EventValidator;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HistorySimulatorTest {
    private static final EventJsonCodec CODEC = new EventJsonCodec();

    @Test
    void shouldWriteTheSameHistoryWhenRunTwiceWithTheSameSeed() {
        HistorySimulator.Settings settings = HistorySimulator.Settings.of(6, 2021, 2022, 42);

        assertThat(json(new HistorySimulator(settings))).isEqualTo(json(new HistorySimulator(settings)));
        assertThat(json(new HistorySimulator(settings))).isNotEqualTo(json(new HistorySimulator(HistorySimulator.Settings.of(6, 2021, 2022, 43))));
    }

    @Test
    void shouldWriteOnlyValidEventsInArrivalOrder() {
        Instant previous = Instant.MIN;
        long count = 0;
        for (SimulatedEvent e : new HistorySimulator(HistorySimulator.Settings.of(5, 2020, 2020, 7))) {
            assertThat(EventValidator.validate(e.event(), e.arrivedAt())).as(CODEC.encode(e.event())).isEmpty();
            assertThat(e.arrivedAt()).isAfterOrEqualTo(previous).isAfterOrEqualTo(Events.occurredAt(e.event()));
            previous = e.arrivedAt();
            count++;
        }
        assertThat(count).as("a busy town writes about 2,500 events a year").isBetween(5 * 1_500L, 5 * 4_500L);
    }

    @Test
    void shouldSendTheConfiguredSharesOfDuplicatesAndLateEvents() {
        HistorySimulator simulator = new HistorySimulator(new HistorySimulator.Settings(8, 2021, 2021, 3, 1.0, 0.10, 0.20));
        Set<String> seen = new HashSet<>();
        long events = 0;
        long duplicates = 0;
        long late = 0;
        for (SimulatedEvent e : simulator) {
            events++;
            if (!seen.add(Events.townCode(e.event()) + Events.eventId(e.event()))) {
                duplicates++;
            }
            if (Duration.between(Events.occurredAt(e.event()), e.arrivedAt()).toDays() > 30) {
                late++;
            }
        }
        assertThat((double) duplicates / events).isBetween(0.07, 0.12);
        assertThat((double) late / events).isBetween(0.16, 0.24);
    }

    @Test
    void shouldStartWithTheSeedTownsAndAddSyntheticOnesWithUniqueCodes() {
        List<SimulatedTown> towns = TownList.first(300);

        assertThat(towns.get(2).name()).isEqualTo("大张庄镇");
        assertThat(towns).extracting(SimulatedTown::code).doesNotHaveDuplicates().allMatch(c -> c.matches("\\d{12}"));
    }

    private static List<String> json(HistorySimulator simulator) {
        List<String> lines = new ArrayList<>();
        for (SimulatedEvent e : simulator) {
            lines.add(e.arrivedAt() + " " + CODEC.encode(e.event()));
        }
        return lines;
    }
}
