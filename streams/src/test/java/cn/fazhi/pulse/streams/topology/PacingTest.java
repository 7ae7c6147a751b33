package cn.fazhi.pulse.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacingTest {
    private final Pacing pacing = new Pacing(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @Test
    void shouldPassOnAtEveryPunctuationWhileKeepingUp() {
        long now = 1_000_000;
        for (int i = 0; i < 10; i++) {
            pacing.received(now - 300);
            assertThat(pacing.due(now)).as("punctuation %d", i).isTrue();
            now += 200;
        }
    }

    @Test
    void shouldPassOnOnlyEveryCatchUpIntervalWhileWorkingThroughABacklog() {
        long now = 1_000_000;
        int passedOn = 0;
        for (int i = 0; i < 50; i++) { // ten seconds of punctuations every 200 ms, input 30 s old
            pacing.received(now - 30_000);
            passedOn += pacing.due(now) ? 1 : 0;
            now += 200;
        }
        assertThat(passedOn).as("at 0 and 5 s, not 50 times").isEqualTo(2);
    }

    @Test
    void shouldPassOnAtOnceWhenTheInputStops() {
        long now = 1_000_000;
        pacing.received(now - 30_000);
        assertThat(pacing.due(now)).as("first time").isTrue();
        pacing.received(now - 29_900);
        assertThat(pacing.due(now + 200)).as("still behind, 200 ms later").isFalse();

        assertThat(pacing.due(now + 400)).as("no input since: nothing more to gather").isTrue();
    }

    @Test
    void shouldTellTheNewestInputOrNowWhenThereWasNone() {
        assertThat(pacing.newestInput(42)).isEqualTo(42);
        pacing.received(7);
        pacing.received(5);
        assertThat(pacing.newestInput(42)).isEqualTo(7);
    }
}
