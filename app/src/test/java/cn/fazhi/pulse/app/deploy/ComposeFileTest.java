package cn.fazhi.pulse.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.testkit.PipelineBackends;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is kept correct by reading it:
 * every FAZHI_ variable must be a setting of the application, the images the ones the
 * integration tests use, and the application's database settings those of the postgres service.
 */
class ComposeFileTest {
    private static JsonNode compose;

    @BeforeAll
    static void readComposeFile() throws IOException {
        compose = new ObjectMapper(new YAMLFactory()).readTree(Path.of("..", "docker-compose.yml").toFile());
    }

    @Test
    void shouldUseOnlyVariablesTheApplicationKnowsWhenConfiguringItsServices() {
        List<String> unknown = new ArrayList<>();
        List<String> used = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> {
            JsonNode environment = service.getValue().get("environment");
            if (environment != null) {
                environment.fieldNames().forEachRemaining(name -> {
                    if (name.startsWith("FAZHI_")) {
                        used.add(name);
                        if (ConfigKey.byEnvironmentVariable(name).isEmpty()) {
                            unknown.add(service.getKey() + ": " + name);
                        }
                    }
                });
            }
        });
        assertThat(used).contains("FAZHI_KAFKA_BOOTSTRAP_SERVERS", "FAZHI_DB_URL");
        assertThat(unknown).isEmpty();
    }

    @Test
    void shouldRunTheImagesTheIntegrationTestsUse() {
        assertThat(compose.at("/services/kafka/image").asText()).isEqualTo(PipelineBackends.KAFKA_IMAGE);
        assertThat(compose.at("/services/postgres/image").asText()).isEqualTo(PipelineBackends.POSTGRES_IMAGE);
    }

    @Test
    void shouldPointTheApplicationAtThePostgresServiceWithItsCredentials() {
        JsonNode postgres = compose.at("/services/postgres/environment");
        for (String service : List.of("streams", "sink")) {
            JsonNode env = compose.at("/services/" + service + "/environment");
            assertThat(env.get("FAZHI_DB_URL").asText()).as(service).isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB").asText());
            assertThat(env.get("FAZHI_DB_USER").asText()).as(service).isEqualTo(postgres.get("POSTGRES_USER").asText());
            assertThat(env.get("FAZHI_DB_PASSWORD").asText()).as(service).isEqualTo(postgres.get("POSTGRES_PASSWORD").asText());
            assertThat(env.get("FAZHI_KAFKA_BOOTSTRAP_SERVERS").asText()).as(service)
                    .isEqualTo(compose.at("/services/kafka/environment/KAFKA_ADVERTISED_LISTENERS").asText().replace("PLAINTEXT://", ""));
            assertThat(compose.at("/services/" + service + "/command/0").asText()).isEqualTo(service);
        }
    }
}
