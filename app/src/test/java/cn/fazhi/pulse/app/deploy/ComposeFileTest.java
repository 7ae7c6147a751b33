package cn.fazhi.pulse.app.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.runtime.ServicePrincipal;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.testkit.PipelineBackends;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is kept correct by reading it:
 * every FAZHI_ variable must be a setting of the application, the images the ones the
 * integration tests use, each service under its own principal with the password variable
 * {@code fazhi setup --principals} reads, and every secret from .env, listed in .env.example.
 */
class ComposeFileTest {
    private static final List<String> BROKERS = List.of("kafka1", "kafka2", "kafka3");
    private static final Map<String, String> PRINCIPAL_OF_SERVICE = Map.of(
            "streams", ServicePrincipal.STREAMS.user(), "sink", ServicePrincipal.SINK.user(), "web", ServicePrincipal.WEB.user(),
            "setup", "admin");
    private static final Pattern JAAS = Pattern.compile("username=\"([^\"]+)\" password=\"\\$\\{([A-Z_]+):\\?[^}]*}\"");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z_]+)");
    private static JsonNode compose;
    private static String composeText;

    @BeforeAll
    static void readComposeFile() throws IOException {
        composeText = Files.readString(Path.of("..", "docker-compose.yml"));
        compose = new ObjectMapper(new YAMLFactory()).readTree(composeText);
    }

    @Test
    void shouldUseOnlyVariablesTheApplicationKnowsWhenConfiguringItsServices() {
        List<String> unknown = new ArrayList<>();
        List<String> used = new ArrayList<>();
        compose.get("services").fields().forEachRemaining(service -> {
            JsonNode environment = service.getValue().get("environment");
            if (environment != null) {
                environment.fieldNames().forEachRemaining(name -> {
                    if (name.startsWith("FAZHI_") && !name.startsWith("FAZHI_KAFKA_CLIENT_")) {
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
        for (String broker : BROKERS) {
            assertThat(compose.at("/services/" + broker + "/image").asText()).as(broker).isEqualTo(PipelineBackends.KAFKA_IMAGE);
        }
        assertThat(compose.at("/services/postgres/image").asText()).isEqualTo(PipelineBackends.POSTGRES_IMAGE);
    }

    @Test
    void shouldPointTheApplicationAtThePostgresServiceAndEveryBrokerWhenConfiguringItsServices() throws IOException {
        JsonNode postgres = compose.at("/services/postgres/environment");
        String brokers = brokerProperties().stream().map(p -> p.getProperty("advertised.listeners").replace("SASL_PLAINTEXT://", ""))
                .collect(Collectors.joining(","));
        for (String service : PRINCIPAL_OF_SERVICE.keySet()) {
            JsonNode env = compose.at("/services/" + service + "/environment");
            assertThat(env.get("FAZHI_DB_URL").asText()).as(service).isEqualTo("jdbc:postgresql://postgres:5432/" + postgres.get("POSTGRES_DB").asText());
            assertThat(env.get("FAZHI_DB_USER").asText()).as(service).isEqualTo(postgres.get("POSTGRES_USER").asText());
            assertThat(env.get("FAZHI_DB_PASSWORD").asText()).as(service).isEqualTo(postgres.get("POSTGRES_PASSWORD").asText());
            assertThat(env.get("FAZHI_KAFKA_BOOTSTRAP_SERVERS").asText()).as(service).isEqualTo(brokers);
        }
        for (String service : List.of("streams", "sink")) {
            assertThat(compose.at("/services/" + service + "/command/0").asText()).isEqualTo(service);
        }
        assertThat(compose.at("/services/web/command/0").asText()).isEqualTo("serve");
        assertThat(compose.at("/services/setup/command").toString()).isEqualTo("[\"setup\",\"--principals\"]");
    }

    @Test
    void shouldRunEachServiceUnderItsOwnPrincipalWhenAuthenticatingWithScram() {
        PRINCIPAL_OF_SERVICE.forEach((service, user) -> {
            JsonNode env = compose.at("/services/" + service + "/environment");
            assertThat(env.get("FAZHI_KAFKA_CLIENT_SECURITY_PROTOCOL").asText()).as(service).isEqualTo("SASL_PLAINTEXT");
            assertThat(env.get("FAZHI_KAFKA_CLIENT_SASL_MECHANISM").asText()).as(service).isEqualTo("SCRAM-SHA-512");
            Matcher jaas = JAAS.matcher(env.get("FAZHI_KAFKA_CLIENT_SASL_JAAS_CONFIG").asText());
            assertThat(jaas.find()).as(service + " JAAS setting").isTrue();
            assertThat(jaas.group(1)).as(service).isEqualTo(user);
            if (!service.equals("setup")) {
                assertThat(jaas.group(2)).as(service).isEqualTo(ServicePrincipal.valueOf(service.toUpperCase()).passwordVariable());
            }
        });
        JsonNode setup = compose.at("/services/setup/environment");
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            assertThat(setup.has(principal.passwordVariable())).as(principal.passwordVariable()).isTrue();
        }
    }

    @Test
    void shouldTakeEverySecretFromTheEnvFileWhenListedInItsExample() throws IOException {
        Set<String> referenced = new TreeSet<>();
        Matcher reference = REFERENCE.matcher(composeText);
        while (reference.find()) {
            referenced.add(reference.group(1));
        }
        Properties example = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("..", ".env.example"))) {
            example.load(reader);
        }
        assertThat(example.stringPropertyNames()).containsAll(referenced);
        assertThat(composeText).doesNotContainPattern("(?i)password[\"=:]\\s*\"?[a-z0-9]");
        assertThat(Files.readString(Path.of("..", ".gitignore"))).contains(".env");
    }

    @Test
    void shouldReplicateEveryTopicThreeTimesWhenTheClusterHasThreeBrokers() throws IOException {
        List<Properties> nodes = brokerProperties();
        assertThat(nodes).extracting(p -> p.getProperty("default.replication.factor")).containsOnly("3");
        assertThat(nodes).extracting(p -> p.getProperty("min.insync.replicas")).containsOnly("2");
        assertThat(compose.at("/services/setup/environment/FAZHI_KAFKA_REPLICATION_FACTOR").asText()).isEqualTo("3");
        assertThat(nodes).extracting(p -> p.getProperty("controller.quorum.voters")).containsOnly("1@kafka1:9093,2@kafka2:9093,3@kafka3:9093");
    }

    private static List<Properties> brokerProperties() throws IOException {
        List<Properties> nodes = new ArrayList<>();
        for (String broker : BROKERS) {
            String mount = compose.at("/services/" + broker + "/volumes/0").asText();
            Properties p = new Properties();
            try (Reader reader = Files.newBufferedReader(Path.of("..").resolve(mount.substring(0, mount.indexOf(':'))))) {
                p.load(reader);
            }
            nodes.add(p);
        }
        return nodes;
    }
}
