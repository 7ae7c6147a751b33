package cn.fazhi.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The failure run of {@code ./fazhi bench --chaos}, kept short for the build: one town-year of
 * history, one seed. Three broker processes, two streams and two sink processes, PostgreSQL; the
 * leader broker of an event partition, a streams and a sink instance killed with SIGKILL and
 * PostgreSQL stopped for ten seconds while the history is published.
 *
 * <p>What keeps it short without leaving out a failure or a check: the quiet reference run beside
 * the chaos run, the failures overlapping, brokers and group members declared dead after 5 s
 * of silence instead of Kafka's 9 s and the longer runs' 10 s, and child JVMs that start quickly.
 */
class ChaosIT {
    /**
     * The brokers and services compile with C1 only: most of their CPU in a run this short is
     * starting up (nine JVM starts, restarts included), which the optimizing compiler only slows.
     */
    private static final String QUICK_START = "-XX:TieredStopAtLevel=1";

    @Test
    void shouldStoreTheFiguresOfAQuietRunWhenBrokersServicesAndTheDatabaseFailUnderLoad(@TempDir Path work) throws Exception {
        long start = System.nanoTime();
        ChaosRun.Outcome outcome = ChaosRun.run(new ChaosRun.Options(7, 1, 2023, 2023, 300, Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(5), Duration.ofSeconds(5), QUICK_START, work),
                line -> System.out.printf("[chaos %5.1f s] %s%n", (System.nanoTime() - start) / 1e9, line));

        outcome.lines().forEach(line -> System.out.println("[chaos] " + line));
        assertThat(outcome.failures()).hasSize(4);
        assertThat(outcome.failedSends()).as("sends that failed").isZero();
        assertThat(outcome.inTopics()).as("events in the topics").isEqualTo(outcome.accepted());
        assertThat(outcome.deadLetters()).as("dead letters").isEqualTo(outcome.referenceDeadLetters());
        assertThat(outcome.differences()).as("figures that differ from the quiet run").isEmpty();
        assertThat(outcome.figures()).isPositive();
        assertThat(outcome.historyRows()).as("history rows").isEqualTo(outcome.committedSnapshots());
        assertThat(outcome.doubledRows()).as("doubled history rows").isLessThanOrEqualTo(outcome.referenceDoubledRows());
    }
}
