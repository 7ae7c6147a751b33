package cn.fazhi.pulse.web.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final class MovableClock extends Clock {
        Instant now = Instant.parse("2024-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void shouldBlockTheAccountAfterTheLimitAndReleaseItWhenTheWindowPasses() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(3, 100, Duration.ofMinutes(15), clock);
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.waitSeconds("clerk", "10.0.0.1")).isZero();
            throttle.failed("clerk", "10.0.0.1");
        }

        assertThat(throttle.waitSeconds("clerk", "10.0.0.2")).as("from any address").isPositive();
        assertThat(throttle.waitSeconds("other", "10.0.0.1")).as("another account from the same address").isZero();
        clock.now = clock.now.plus(Duration.ofMinutes(16));
        assertThat(throttle.waitSeconds("clerk", "10.0.0.1")).isZero();
    }

    @Test
    void shouldBlockTheAddressWhenItTriesManyAccounts() {
        LoginThrottle throttle = new LoginThrottle(3, 5, Duration.ofMinutes(15), new MovableClock());
        for (int i = 0; i < 5; i++) {
            throttle.failed("account-" + i, "10.0.0.9");
        }

        assertThat(throttle.waitSeconds("fresh-account", "10.0.0.9")).isPositive();
    }
}
