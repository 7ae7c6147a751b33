package cn.fazhi.pulse.testkit;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving integration tests a real Kafka broker and a real PostgreSQL server:
 *
 * <pre>{@code
 * @ExtendWith(PipelineBackends.class)
 * class IndicatorSinkIT {
 *     @BeforeAll
 *     static void migrate(Backends backends) { ... backends.newDatabase() ... }
 *
 *     @Test
 *     void shouldWriteSnapshotWhenIndicatorArrives(Backends backends) { ... }
 * }
 * }</pre>
 *
 * <p>One broker and one database server per test JVM, started on first use and shared by every
 * test class: starting them is the slow part, and tests isolate themselves by topic names and by
 * {@link Backends#newDatabase()}. They live in JUnit's root store, which closes them when the last
 * test of the JVM has run.
 *
 * <p>Where a Docker engine answers, both run in containers from the official images
 * ({@link #KAFKA_IMAGE}, {@link #POSTGRES_IMAGE}); elsewhere, in-process from module
 * {@code embedded}. {@code -Dfazhi.test.backend=embedded} or {@code =testcontainers} (a system
 * property or a {@code junit-platform.properties} entry) forces one. What ran is printed once to
 * standard output and published as a report entry ({@value #REPORT_KEY}) for each test class.
 */
public final class PipelineBackends implements ParameterResolver, BeforeAllCallback {

    /** The Kafka image for Testcontainers; docker-compose.yml uses the same. */
    public static final String KAFKA_IMAGE = "apache/kafka:4.3.1";
    /** The PostgreSQL image for Testcontainers; docker-compose.yml uses the same. */
    public static final String POSTGRES_IMAGE = "postgres:17";
    /** System property (or JUnit configuration parameter) forcing a backend. */
    public static final String BACKEND_PROPERTY = "fazhi.test.backend";
    /** Key of the report entry naming the backend. */
    public static final String REPORT_KEY = "fazhi.backend";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PipelineBackends.class);
    private static final String STORE_KEY = "running-backends";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.publishReportEntry(REPORT_KEY, shared(context).summary());
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == Backends.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return shared(extensionContext).backends();
    }

    private static Started shared(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent(STORE_KEY, key -> start(context), Started.class);
    }

    private static Started start(ExtensionContext context) {
        BackendChoice choice = BackendChoice.choose(context.getConfigurationParameter(BACKEND_PROPERTY),
                DockerProbe::isDockerAvailable);
        long started = System.nanoTime();
        RunningBackends backends = BackendChoice.TESTCONTAINERS.equals(choice.kind())
                ? ContainerBackends.start()
                : EmbeddedBackends.start();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        String summary = backends.description() + " — " + choice.reason();
        // Printed, not logged: test logging is set to WARN, and this line must be in every report.
        System.out.printf("[fazhi testkit] integration backend: %s (started in %.1f s)%n", summary, millis / 1000.0);
        return new Started(backends, summary);
    }

    /** The value kept in the root store; JUnit closes it after the JVM's last test. */
    private record Started(RunningBackends backends, String summary) implements AutoCloseable {
        @Override
        public void close() {
            backends.close();
        }
    }
}
