package cn.fazhi.pulse.app.cli;

import static cn.fazhi.pulse.app.cli.CliRun.fazhi;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The services run against a real cluster and database, never on embedded ones of their own. */
class ServiceCommandsTest {

    @ParameterizedTest
    @ValueSource(strings = {"streams", "sink", "serve"})
    void shouldFailAtOnceNamingTheMissingSettingsWhenNoClusterOrDatabaseIsConfigured(String service) {
        CliRun run = fazhi(service);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("kafka.bootstrap.servers", "FAZHI_KAFKA_BOOTSTRAP_SERVERS", "db.url", "FAZHI_DB_URL", "fazhi demo");
    }

    @ParameterizedTest
    @ValueSource(strings = {"streams", "sink", "serve"})
    void shouldNameOnlyTheDatabaseWhenTheClusterIsConfigured(String service) {
        CliRun run = fazhi(service, "--set", "kafka.bootstrap.servers=localhost:1");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("db.url").doesNotContain("kafka.bootstrap.servers (");
    }
}
