package cn.fazhi.pulse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class QuietLoggingTest {

    @Test
    void shouldLowerLoggerToWarnWhenConfigurationLeavesItUnset() {
        // Given a logger without a level of its own
        Logger logger = logbackLogger("quiet.test.unset");
        logger.setLevel(null);

        // When
        QuietLogging.applyUnlessConfigured(Map.of("quiet.test.unset", "WARN"));

        // Then
        assertThat(logger.getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void shouldKeepLevelWhenConfigurationSetsOne() {
        // Given a logger that the configuration sets to DEBUG
        Logger logger = logbackLogger("quiet.test.configured");
        logger.setLevel(Level.DEBUG);

        // When
        QuietLogging.applyUnlessConfigured(Map.of("quiet.test.configured", "WARN"));

        // Then
        assertThat(logger.getLevel()).isEqualTo(Level.DEBUG);
    }

    @Test
    void shouldSwitchLoggerOffOnlyWhileActionRunsWhenSilenced() {
        // Given a logger without a level of its own
        Logger logger = logbackLogger("quiet.test.probe");
        logger.setLevel(null);
        AtomicReference<Level> levelDuringAction = new AtomicReference<>();

        // When an action runs silenced
        String result = QuietLogging.silenced(List.of("quiet.test.probe"), () -> {
            levelDuringAction.set(logger.getLevel());
            return "answer";
        });

        // Then the logger was off during the action and is unset again afterwards
        assertThat(result).isEqualTo("answer");
        assertThat(levelDuringAction.get()).isEqualTo(Level.OFF);
        assertThat(logger.getLevel()).isNull();
    }

    @Test
    void shouldListSameLoggersInLogbackFragmentWhenComparedWithCode() throws IOException {
        // Given the fragment shipped for logback.xml files to include
        String fragment;
        try (InputStream in = QuietLogging.class.getClassLoader().getResourceAsStream(QuietLogging.LOGBACK_FRAGMENT)) {
            assertThat(in).as("fragment on the classpath").isNotNull();
            fragment = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // When its loggers and levels are read
        Map<String, String> named = new HashMap<>();
        Matcher m = Pattern.compile("<logger name=\"([^\"]+)\" level=\"([A-Z]+)\"/>").matcher(fragment);
        while (m.find()) {
            named.put(m.group(1), m.group(2));
        }

        // Then they are exactly the ones the code applies
        Map<String, String> inCode = new HashMap<>(QuietLogging.BROKER_LEVELS);
        inCode.putAll(QuietLogging.POSTGRES_LEVELS);
        assertThat(named).isEqualTo(inCode);
    }

    private static Logger logbackLogger(String name) {
        return (Logger) LoggerFactory.getLogger(name);
    }
}
