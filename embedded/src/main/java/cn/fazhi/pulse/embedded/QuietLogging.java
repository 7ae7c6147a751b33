package cn.fazhi.pulse.embedded;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps in-process servers from flooding the console.
 *
 * <p>A Kafka broker logs hundreds of INFO lines while it starts, and Logback's fallback
 * configuration (used by any module without a {@code logback-test.xml}) logs everything at DEBUG.
 * A person running {@code fazhi demo} or a test suite wants to see the application, not the broker.
 * So the broker's own loggers are lowered to WARN or ERROR — but only those that the Logback configuration
 * leaves unset: a configuration that names one of these loggers always wins. The same levels are
 * available as a Logback fragment to include explicitly: {@value #LOGBACK_FRAGMENT}.
 *
 * <p>This works through reflection because this module depends on the SLF4J API only; with another
 * SLF4J backend it does nothing.
 */
public final class QuietLogging {

    /** Classpath resource with the same levels, for {@code <include resource="..."/>}. */
    public static final String LOGBACK_FRAGMENT = "cn/fazhi/pulse/embedded/logback-embedded.xml";

    /**
     * Levels for the broker's internals; Kafka's client packages are left alone. The controller is
     * lowered to ERROR because it greets every start with a WARN ("Performing controller
     * activation") that means nothing to a person running one embedded node.
     */
    static final Map<String, String> BROKER_LEVELS = orderedMap(
            "kafka", "WARN",
            "state.change.logger", "WARN",
            "org.apache.kafka.server", "WARN",
            "org.apache.kafka.controller", "ERROR",
            "org.apache.kafka.raft", "WARN",
            "org.apache.kafka.metadata", "WARN",
            "org.apache.kafka.image", "WARN",
            "org.apache.kafka.snapshot", "WARN",
            "org.apache.kafka.storage", "WARN",
            "org.apache.kafka.coordinator", "WARN",
            "org.apache.kafka.network", "WARN",
            "org.apache.kafka.security", "WARN",
            "org.apache.kafka.queue", "WARN",
            "org.apache.kafka.common.network", "WARN",
            "org.apache.kafka.common.security", "WARN",
            "org.apache.kafka.common.metrics", "WARN",
            "org.apache.kafka.common.config.AbstractConfig", "WARN",
            "org.apache.kafka.common.utils.AppInfoParser", "WARN");

    /** zonky's own messages (binaries unpacked, server started) are logged at INFO here. */
    static final Map<String, String> POSTGRES_LEVELS = orderedMap("io.zonky.test.db.postgres", "WARN");

    /**
     * While the broker shuts down, its internal controller channel closes a client twice and the
     * client's class logs a WARN about it. That class is shared with every application client, so
     * it is quieted only for the duration of the shutdown.
     */
    static final List<String> SHUTDOWN_NOISE = List.of("org.apache.kafka.clients.NetworkClient");

    private static final Logger LOG = LoggerFactory.getLogger(QuietLogging.class);
    private static final String LOGBACK_CONTEXT = "ch.qos.logback.classic.LoggerContext";

    private QuietLogging() {
    }

    private static Map<String, String> orderedMap(String... namesAndLevels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndLevels.length; i += 2) {
            map.put(namesAndLevels[i], namesAndLevels[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Quiets a broker starting in this JVM: its loggers to {@link #BROKER_LEVELS} where the
     * configuration leaves them unset, and the one ERROR it logs for a retriable refusal dropped
     * ({@link BenignBrokerErrors}).
     */
    static void quietBroker() {
        applyUnlessConfigured(BROKER_LEVELS);
        if (LOGBACK_CONTEXT.equals(LoggerFactory.getILoggerFactory().getClass().getName())) {
            BenignBrokerErrors.install(); // only now is Logback known to be there to load it
        }
    }

    /**
     * Sets each logger to its level (a Logback level name) unless the Logback configuration gives
     * that logger a level of its own.
     */
    public static void applyUnlessConfigured(Map<String, String> levels) {
        levels.forEach((name, level) -> LogbackLevel.of(name).ifPresentAndUnset(level));
    }

    /**
     * Runs {@code action} with the named loggers switched off, then restores them. For probes whose
     * failure is an expected answer (is there a Docker engine?) and would otherwise log an ERROR.
     * Loggers that the configuration sets explicitly are left as they are.
     */
    public static <T> T silenced(List<String> loggerNames, Supplier<T> action) {
        return atLevelWhile(loggerNames, "OFF", action);
    }

    /** Runs {@code action} with the named, otherwise unset loggers at {@code level}, then restores them. */
    static <T> T atLevelWhile(List<String> loggerNames, String levelName, Supplier<T> action) {
        List<LogbackLevel> changed = new ArrayList<>();
        for (String name : loggerNames) {
            LogbackLevel level = LogbackLevel.of(name);
            if (level.ifPresentAndUnset(levelName)) {
                changed.add(level);
            }
        }
        try {
            return action.get();
        } finally {
            changed.forEach(LogbackLevel::unset);
        }
    }

    /** One Logback logger, reached by reflection; a no-op when the backend is not Logback. */
    private static final class LogbackLevel {

        private static final String LOGBACK_LOGGER = "ch.qos.logback.classic.Logger";
        private static final String LOGBACK_LEVEL = "ch.qos.logback.classic.Level";

        private final Logger logger;

        private LogbackLevel(Logger logger) {
            this.logger = logger;
        }

        static LogbackLevel of(String name) {
            return new LogbackLevel(LoggerFactory.getLogger(name));
        }

        /** Sets {@code levelName} if the logger has no level of its own; true if it did. */
        boolean ifPresentAndUnset(String levelName) {
            if (!isLogback()) {
                return false;
            }
            try {
                Class<?> levelClass = Class.forName(LOGBACK_LEVEL, false, logger.getClass().getClassLoader());
                Method getLevel = logger.getClass().getMethod("getLevel");
                if (getLevel.invoke(logger) != null) {
                    return false;
                }
                Object level = levelClass.getField(levelName).get(null);
                logger.getClass().getMethod("setLevel", levelClass).invoke(logger, level);
                return true;
            } catch (ReflectiveOperationException | LinkageError e) {
                // Only log volume is at stake; say so once at DEBUG and carry on.
                LOG.debug("could not set level of logger {} (Logback API changed?)", logger.getName(), e);
                return false;
            }
        }

        /** Gives the logger back to its parent's level. */
        void unset() {
            try {
                Class<?> levelClass = Class.forName(LOGBACK_LEVEL, false, logger.getClass().getClassLoader());
                logger.getClass().getMethod("setLevel", levelClass).invoke(logger, new Object[] {null});
            } catch (ReflectiveOperationException | LinkageError e) {
                LOG.debug("could not restore level of logger {}", logger.getName(), e);
            }
        }

        private boolean isLogback() {
            return LOGBACK_LOGGER.equals(logger.getClass().getName());
        }
    }
}
