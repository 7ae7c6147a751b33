package cn.fazhi.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.sink.internal.SqlErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {
    private final Retry retry = new Retry(Backoff.upTo(Duration.ofSeconds(1)), e -> SqlErrors.toSinkException(e, "jdbc:postgresql://db/x"));
    private final List<Duration> waits = new ArrayList<>();
    private final Retry.Wait recordWaits = (failures, wait, failure) -> waits.add(wait);

    @Test
    void shouldTryAgainAfterEachBackoffWhenTheDatabaseIsAwayThreeTimes() {
        AtomicInteger tries = new AtomicInteger();

        String result = retry.run(() -> {
            if (tries.incrementAndGet() <= 3) {
                throw Failures.away();
            }
            return "stored";
        }, recordWaits);

        assertThat(result).isEqualTo("stored");
        assertThat(tries).hasValue(4);
        assertThat(waits).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800));
    }

    @Test
    void shouldStopWithTheHintAndWithoutWaitingWhenTheFailureIsPermanent() {
        assertThatThrownBy(() -> retry.run(() -> {
            throw Failures.badPassword();
        }, recordWaits))
                .isInstanceOf(PermanentSinkException.class)
                .hasMessageContaining("SQLSTATE 28P01").hasMessageContaining("check the database user and password");
        assertThat(waits).isEmpty();
    }

    @Test
    void shouldHandBackARefusalWhenItFollowsAnOutage() {
        AtomicInteger tries = new AtomicInteger();

        assertThatThrownBy(() -> retry.afterFailure(Failures.away(), () -> {
            tries.incrementAndGet();
            throw Failures.refused();
        }, recordWaits)).isInstanceOf(RecordRefusedException.class).hasMessageContaining("numeric field overflow");
        assertThat(tries).hasValue(1);
        assertThat(waits).hasSize(1);
    }

    @Test
    void shouldGiveUpWhenTheWaitSaysSo() {
        RetriableSinkException stopping = new RetriableSinkException("stopping", null);

        assertThatThrownBy(() -> retry.afterFailure(Failures.away(), () -> "never", (failures, wait, failure) -> {
            throw stopping;
        })).isSameAs(stopping);
    }
}
