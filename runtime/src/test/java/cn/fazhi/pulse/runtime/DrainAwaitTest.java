package cn.fazhi.pulse.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DrainAwaitTest {

    @Test
    void shouldCheckLessOftenTheLongerItWaits() throws Exception {
        // Given a pipeline that is busy for a second and a half
        long busyUntil = System.nanoTime() + Duration.ofMillis(1_500).toNanos();
        AtomicInteger checks = new AtomicInteger();

        // When awaited with checks 20 ms apart
        long heldAt = Drain.await(() -> {
            checks.incrementAndGet();
            return System.nanoTime() < busyUntil ? "the streams" : null;
        }, Duration.ofMinutes(1), Duration.ofMillis(20), 3);

        // Then it saw the end within the slowest pause, with far fewer checks than one every 20 ms (75)
        assertThat(heldAt - busyUntil).isBetween(0L, Drain.SLOWEST_CHECK.toNanos() + Duration.ofMillis(100).toNanos());
        assertThat(checks.get()).isLessThan(25);
    }

    @Test
    void shouldConfirmAtThePaceAsked() throws Exception {
        // Given a pipeline that is already drained
        AtomicInteger checks = new AtomicInteger();
        long start = System.nanoTime();

        // When confirmed three times, 50 ms apart
        Drain.await(() -> {
            checks.incrementAndGet();
            return null;
        }, Duration.ofMinutes(1), Duration.ofMillis(50), 3);

        // Then three checks, about 100 ms: confirmations are not spaced out
        assertThat(checks.get()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(240));
    }

    @Test
    void shouldSayWhatItStillWaitsForWhenTimedOut() {
        assertThatThrownBy(() -> Drain.await(() -> "the sink to store the indicators", Duration.ofMillis(300), Duration.ofMillis(20), 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the sink to store the indicators");
    }
}
