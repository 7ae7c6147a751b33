package cn.fazhi.pulse.streams.topology;

import static cn.fazhi.pulse.streams.TestEvents.TOWN;
import static cn.fazhi.pulse.streams.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalendarAndLatenessTest {
    private static final Instant NOW = Instant.parse("2022-06-15T02:00:00Z");

    @TempDir
    Path stateDir;
    private TopologyHarness topology;

    @BeforeEach
    void start() {
        topology = new TopologyHarness(stateDir, NOW);
    }

    @AfterEach
    void close() {
        topology.close();
    }

    @Test
    void shouldCountHalfPastElevenOnNewYearsEveInChinaIn2020AndTheSameClockTimeInUtcIn2021() {
        topology.send(inspection("i-1", "2020-12-31T23:30:00+08:00"));
        topology.send(inspection("i-2", "2020-12-31T16:30:00Z"));

        topology.emit();

        assertThat(topology.count(TOWN, "2020", "enforcement.inspections")).isEqualTo(1);
        assertThat(topology.count(TOWN, "2020-12", "enforcement.inspections")).isEqualTo(1);
        assertThat(topology.count(TOWN, "2021-01", "enforcement.inspections")).isEqualTo(1);
        assertThat(topology.count(TOWN, "2021-Q1", "enforcement.inspections")).isEqualTo(1);
    }

    @Test
    void shouldCountAPetitionAcceptedOnDayFifteenAsOnTimeAndOnDaySixteenAsLate() {
        topology.send(petition("p-15", "2021-03-01T09:00:00+08:00")).send(acceptance("p-15", "2021-03-16T17:00:00+08:00"));
        topology.send(petition("p-16", "2021-03-01T09:00:00+08:00")).send(acceptance("p-16", "2021-03-17T08:00:00+08:00"));

        topology.emit();

        assertThat(topology.rate(TOWN, "2021-03", "petition.accepted_on_time_rate")).isEqualTo("1/2");
    }

    @Test
    void shouldUpdateOnlyThePeriodsALateEventBelongsToWhenItOccurredTwoYearsBefore() {
        topology.send(inspection("i-now", "2022-06-01"));
        topology.emit();

        topology.send(inspection("i-old", "2020-05-20"));
        Map<String, IndicatorSnapshot> published = topology.emitted();

        assertThat(published.keySet())
                .filteredOn(key -> key.endsWith("|enforcement.inspections"))
                .allSatisfy(key -> assertThat(key).matches(".*\\|2020(-05|-Q2)?\\|enforcement\\.inspections"))
                .hasSize(9); // the town, its district and its city, each for May, Q2 and 2020
        assertThat(topology.count(TOWN, "2020-05", "enforcement.inspections")).isEqualTo(1);
        assertThat(topology.count(TOWN, "2022", "enforcement.inspections")).isEqualTo(1);
        assertThat(topology.count(TOWN, "2022-06", "dq.late")).as("counted late where it arrived").isEqualTo(1);
    }

    private static org.apache.avro.specific.SpecificRecord inspection(String id, String at) {
        return event("{\"type\":\"InspectionConducted\",\"event_id\":\"" + id + "\",\"town_code\":\"" + TOWN
                + "\",\"occurred_at\":\"" + at + "\",\"inspection_id\":\"" + id + "\",\"domain\":\"GAS_SAFETY\"}");
    }

    private static org.apache.avro.specific.SpecificRecord petition(String id, String at) {
        return event("{\"type\":\"PetitionReceived\",\"event_id\":\"" + id + "-r\",\"town_code\":\"" + TOWN
                + "\",\"occurred_at\":\"" + at + "\",\"petition_id\":\"" + id + "\",\"category\":\"INITIAL\"}");
    }

    private static org.apache.avro.specific.SpecificRecord acceptance(String id, String at) {
        return event("{\"type\":\"PetitionAccepted\",\"event_id\":\"" + id + "-a\",\"town_code\":\"" + TOWN
                + "\",\"occurred_at\":\"" + at + "\",\"petition_id\":\"" + id + "\"}");
    }
}
