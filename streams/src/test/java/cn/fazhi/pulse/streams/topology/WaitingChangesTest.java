package cn.fazhi.pulse.streams.topology;

import static cn.fazhi.pulse.streams.TestEvents.TOWN;
import static cn.fazhi.pulse.streams.TestEvents.accepted;
import static cn.fazhi.pulse.streams.TestEvents.concluded;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The processors' own count of waiting changes: what tells the runtime the topology is drained. */
class WaitingChangesTest {
    private static final Instant NOW = Instant.parse("2020-12-31T00:00:00Z");
    private static final String NEIGHBOUR_TOWN = "370323107000";

    @TempDir
    Path stateDir;

    @Test
    void shouldCountChangesAsWaitingFromTheirEventUntilTheirSnapshotsArePublished() {
        try (TopologyHarness topology = new TopologyHarness(stateDir, NOW)) {
            WaitingChanges waiting = topology.waitingChanges();
            assertThat(waiting.none()).as("nothing received yet").isTrue();

            // When events of two towns are processed, before any punctuation
            topology.send(accepted(TOWN, "m-1", "2020-12-20", "LABOR"))
                    .send(accepted(TOWN, "m-2", "2020-12-21", "LABOR"))
                    .send(accepted(NEIGHBOUR_TOWN, "m-3", "2020-12-21", "LABOR"));

            // Then their two town-months wait in the outbox (the mediations' evidence went out with each event)
            assertThat(waiting.none()).isFalse();
            assertThat(waiting.total()).isEqualTo(2);

            // And once the intervals have passed and the snapshots are published, nothing waits
            assertThat(topology.emitted()).isNotEmpty();
            assertThat(waiting.none()).isTrue();
            assertThat(waiting.total()).isZero();
        }
    }

    @Test
    void shouldForgetATasksCountWhenTheTaskIsClosed() {
        WaitingChanges waiting;
        try (TopologyHarness topology = new TopologyHarness(stateDir, NOW)) {
            waiting = topology.waitingChanges();
            topology.send(concluded("m-1", "2020-03-20", "SUCCESS", "ORAL"));
            assertThat(waiting.none()).isFalse();
        }

        // The task moved away (here: closed) takes its count with it; its new owner counts afresh
        assertThat(waiting.none()).isTrue();
    }
}
