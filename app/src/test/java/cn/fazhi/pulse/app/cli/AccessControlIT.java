package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.runtime.Endpoints;
import cn.fazhi.pulse.runtime.Pipeline;
import cn.fazhi.pulse.runtime.ServicePrincipal;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtendWith;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.testkit.BrokerSecurity;
import cn.fazhi.pulse.testkit.LocalKafkaCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A broker with SASL/SCRAM-SHA-512 and ACLs, set up by {@code fazhi setup --principals} as an admin:
 * each service's principal may do its work and nothing else, and a principal without ACLs nothing.
 */
@ExtendWith(PipelineBackends.class)
class AccessControlIT {
    private static final BrokerSecurity SECURITY = BrokerSecurity.scram("admin", UUID.randomUUID().toString());
    private static final Map<ServicePrincipal, String> PASSWORDS = new EnumMap<>(ServicePrincipal.class);
    private static final String STRANGER = "stranger";
    private static final String STRANGER_PASSWORD = UUID.randomUUID().toString();

    @TempDir
    static Path dir;
    private static LocalKafkaCluster cluster;

    @BeforeAll
    static void setUpCluster() throws Exception {
        cluster = LocalKafkaCluster.start(dir, 1, SECURITY);
        Map<String, String> environment = new HashMap<>();
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            PASSWORDS.put(principal, UUID.randomUUID().toString());
            environment.put(principal.passwordVariable(), PASSWORDS.get(principal));
        }
        SetupCommand setup = new SetupCommand();
        setup.environment = environment;
        List<String> args = new ArrayList<>(List.of("--principals", "--set", "kafka.bootstrap.servers=" + cluster.bootstrapServers()));
        SECURITY.clientSettings(SECURITY.adminUser(), SECURITY.adminPassword())
                .forEach((key, value) -> args.addAll(List.of("--set", "kafka.client." + key + "=" + value)));
        int exit = new CommandLine(setup).execute(args.toArray(String[]::new));
        assertThat(exit).as("fazhi setup --principals").isZero();
        try (Admin admin = Admin.create(cluster.adminClientConfig())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(STRANGER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192), STRANGER_PASSWORD))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shouldRefuseAPrincipalWithoutAclsWhenItPublishesAnEvent() {
        assertThatThrownBy(() -> publish(STRANGER, STRANGER_PASSWORD, EventTopic.CASES.topicName()))
                .hasCauseInstanceOf(AuthorizationException.class);
    }

    @Test
    void shouldLetTheImporterPublishEventsWhenGrantedItsAcls() throws Exception {
        publish(ServicePrincipal.IMPORTER.user(), PASSWORDS.get(ServicePrincipal.IMPORTER), EventTopic.CASES.topicName());
    }

    @Test
    void shouldRefuseTheSinkWhenItPublishesAnEvent() {
        assertThatThrownBy(() -> publish(ServicePrincipal.SINK.user(), PASSWORDS.get(ServicePrincipal.SINK), EventTopic.CASES.topicName()))
                .hasCauseInstanceOf(AuthorizationException.class);
    }

    @Test
    void shouldRunStreamsAndSinkUnderTheirOwnPrincipalsWhenGrantedTheirAcls(Backends backends, @TempDir Path state) throws Exception {
        // Given streams and sink each under its principal, on a database of their own
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), Map.of(ConfigKey.STREAMS_THREADS, "1"));
        try (Pipeline streams = Pipeline.prepare(endpoints(ServicePrincipal.STREAMS, database), config).startStreams(state);
             Pipeline sink = Pipeline.prepare(endpoints(ServicePrincipal.SINK, database), config).startSink()) {
            // When the importer publishes a year of one town's events
            Map<String, Object> importer = new HashMap<>(SECURITY.clientSettings(ServicePrincipal.IMPORTER.user(),
                    PASSWORDS.get(ServicePrincipal.IMPORTER)));
            importer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            try (EventPublisher publisher = new EventPublisher(importer)) {
                for (SimulatedEvent event : new HistorySimulator(HistorySimulator.Settings.of(1, 2023, 2023, 3))) {
                    publisher.publish(event.event());
                }
                publisher.flush();
            }
            // Then the figures reach the store, and neither service stopped on a refusal
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            long stored = 0;
            while (System.nanoTime() < deadline && stored == 0) {
                assertThat(streams.streams().state().isRunningOrRebalancing()).as("streams running").isTrue();
                assertThat(sink.sink().failure()).as("sink failure").isEmpty();
                stored = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM indicator_current").mapTo(Long.class).one());
                Thread.sleep(500);
            }
            assertThat(stored).as("figures stored").isPositive();
        }
    }

    private static Endpoints endpoints(ServicePrincipal principal, Database database) {
        Map<String, String> client = new HashMap<>();
        SECURITY.clientSettings(principal.user(), PASSWORDS.get(principal)).forEach((k, v) -> client.put(k, String.valueOf(v)));
        return new Endpoints(cluster.bootstrapServers(), database, client);
    }

    private static void publish(String user, String password, String topic) throws ExecutionException, InterruptedException {
        Map<String, Object> config = new HashMap<>(SECURITY.clientSettings(user, password));
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", "not an event, never read")).get();
        }
    }
}
