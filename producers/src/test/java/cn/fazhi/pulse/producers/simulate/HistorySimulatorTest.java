package cn.fazhi.pulse.producers.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.ExamCompleted;
import cn.fazhi.pulse.schemas.EventValidator;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.math.BigDecimal;
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
    void shouldScoreExamsBetween55And100SoThatMostPassAndSomeFail() {
        List<BigDecimal> scores = new ArrayList<>();
        for (SimulatedEvent e : new HistorySimulator(HistorySimulator.Settings.of(5, 2022, 2022, 11))) {
            if (e.event() instanceof ExamCompleted exam) {
                scores.add(exam.getScore());
            }
        }
        assertThat(scores).isNotEmpty().allSatisfy(score -> assertThat(score).isBetween(new BigDecimal("55"), new BigDecimal("100")));
        long passed = scores.stream().filter(score -> score.compareTo(new BigDecimal("60")) >= 0).count();
        assertThat(passed).as("passed of %d", scores.size()).isGreaterThan(scores.size() / 2).isLessThan(scores.size());
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
    void shouldStartWithTheSeedTownsThenRealTownshipsThenSyntheticOnesWhenManyTownsAreAsked() {
        List<SimulatedTown> towns = TownList.first(TownList.realCount() + 30);

        assertThat(towns.get(2).name()).isEqualTo("大张庄镇");
        assertThat(towns).extracting(SimulatedTown::code).doesNotHaveDuplicates().allMatch(c -> c.matches("\\d{12}"));
        assertThat(towns.subList(0, TownList.realCount())).noneMatch(t -> t.name().startsWith("模拟"));
        assertThat(towns.subList(TownList.realCount(), towns.size())).allMatch(t -> t.name().startsWith("模拟"));
    }

    @Test
    void shouldListEveryRealTownshipOfTheSeedDistrictsWhenReadingTheBundledList() {
        List<SimulatedTown> real = TownList.first(TownList.realCount());

        assertThat(real).filteredOn(t -> t.code().startsWith("120111")).extracting(SimulatedTown::name)
                .containsExactly("杨柳青镇", "辛口镇", "西营门街道", "李七庄街道", "赤龙南街道", "赤龙北街道", "津门湖街道", "中北镇",
                        "张家窝镇", "精武镇", "大寺镇", "王稳庄镇");
        assertThat(real).filteredOn(t -> t.code().startsWith("120119")).hasSize(27)
                .anySatisfy(t -> assertThat(t).isEqualTo(new SimulatedTown("120119203000", "孙各庄满族乡", "蓟州区", "天津市", "TOWNSHIP", t.villages())));
        assertThat(real).filteredOn(t -> t.code().startsWith("120116")).extracting(SimulatedTown::level).contains("STREET", "TOWN");
        assertThat(real).filteredOn(t -> t.code().startsWith("370323")).allMatch(t -> t.district().equals("沂源县") && t.city().equals("淄博市"));
    }

    private static List<String> json(HistorySimulator simulator) {
        List<String> lines = new ArrayList<>();
        for (SimulatedEvent e : simulator) {
            lines.add(e.arrivedAt() + " " + CODEC.encode(e.event()));
        }
        return lines;
    }
}
