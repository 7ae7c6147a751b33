package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The services run against a real cluster and database, never on embedded ones of their own. */
class ServiceCommandsTest {

    @ParameterizedTest
    @ValueSource(strings = {"streams", "sink", "serve"})
    void shouldFailAtOnceNamingTheMissingSettingsWhenNoClusterOrDatabaseIsConfigured(String service) {
        Run run = run(service);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("kafka.bootstrap.servers", "FAZHI_KAFKA_BOOTSTRAP_SERVERS", "db.url", "FAZHI_DB_URL", "fazhi demo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams", "sink", "serve"})
    void shouldNameOnlyTheDatabaseWhenTheClusterIsConfigured(String service) {
        Run run = run(service, "--set", "kafka.bootstrap.servers=localhost:1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("db.url").doesNotContain("kafka.bootstrap.servers (");
    }

    private record Run(int exit, String err) {}

    private static Run run(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int exit = FazhiCli.run(args);
            return new Run(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
