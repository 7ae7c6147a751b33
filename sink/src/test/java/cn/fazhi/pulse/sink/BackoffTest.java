package cn.fazhi.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleFromTheFirstWaitUpToTheLongestWhenFailuresFollowOneAnother() {
        Backoff backoff = Backoff.upTo(Duration.ofSeconds(1));

        assertThat(IntStream.rangeClosed(1, 6).mapToObj(backoff::after).map(Duration::toMillis))
                .containsExactly(200L, 400L, 800L, 1000L, 1000L, 1000L);
    }

    @Test
    void shouldWaitOnlyTheLongestWhenItIsShorterThanTheUsualFirstWait() {
        Backoff backoff = Backoff.upTo(Duration.ofMillis(50));

        assertThat(backoff.after(1)).isEqualTo(Duration.ofMillis(50));
        assertThat(backoff.after(10)).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void shouldNotOverflowWhenTheDatabaseIsAwayForAVeryLongTime() {
        assertThat(Backoff.upTo(Duration.ofSeconds(10)).after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void shouldRefuseALongestWaitShorterThanTheFirst() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
