package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.ClusterSetup;
import cn.fazhi.pulse.runtime.ServicePrincipal;
import cn.fazhi.pulse.runtime.config.ConfigException;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fazhi setup}: the pipeline's topics on the configured cluster, replicated as it allows, and
 * the database's tables when one is configured. Idempotent; every service runs the same on start.
 */
@Command(name = "setup", mixinStandardHelpOptions = true,
        description = {"Create the pipeline's topics on the configured cluster (replication 3 and min.insync.replicas 2",
            "on three or more brokers, else 1 and 1, unless configured) and migrate the configured database. Idempotent."})
final class SetupCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--principals", description = {"also create the SCRAM-SHA-512 users streams, sink, web and importer with their ACLs,",
        "each whose password is in STREAMS_KAFKA_PASSWORD, SINK_KAFKA_PASSWORD, WEB_KAFKA_PASSWORD or IMPORTER_KAFKA_PASSWORD;",
        "needs an admin principal in the kafka.client.* settings (docs/deployment.md)"})
    boolean principals;

    /** Where the principals' passwords are read from; replaced by tests. */
    Map<String, String> environment = System.getenv();

    @Override
    public Integer call() throws Exception {
        FazhiConfig config = options.load(Map.of());
        String bootstrap = config.bootstrapServers().orElseThrow(() -> new ConfigException(List.of(
                ConfigKey.KAFKA_BOOTSTRAP_SERVERS.key() + " (" + ConfigKey.KAFKA_BOOTSTRAP_SERVERS.environmentVariable()
                        + "): not set — the Kafka brokers to set up, e.g. kafka1:9092,kafka2:9092")));
        Map<String, Object> kafka = new HashMap<>(config.kafkaClient());
        kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Map<ServicePrincipal, String> passwords = principals ? passwords() : Map.of();
        try (Admin admin = Admin.create(kafka)) {
            if (!passwords.isEmpty()) {
                // First, so that a cluster with ACLs is usable by the services as soon as the topics exist.
                System.out.println("principals " + ClusterSetup.principals(admin, config, passwords)
                        + " set up (SCRAM-SHA-512, least ACLs)");
            }
            ClusterSetup.Outcome topics = ClusterSetup.topics(admin, config);
            System.out.println("Kafka " + bootstrap + ": " + topics.brokers() + (topics.brokers() == 1 ? " broker; " : " brokers; ")
                    + topics.replication());
            System.out.println(topics.created().isEmpty() ? "every topic exists" : "created topics " + topics.created());
            topics.underReplicated().forEach(topic -> System.out.println("warning: " + topic
                    + " (existing topics keep their replicas; reassign their partitions to change that)"));
        }
        if (config.dbUrl().isPresent()) {
            DatabaseSchema.migrate(new Database(config.dbUrl().get(), config.dbUser(), config.dbPassword()).dataSource());
            System.out.println("database " + config.dbUrl().get() + " migrated");
        }
        return 0;
    }

    private Map<ServicePrincipal, String> passwords() {
        Map<ServicePrincipal, String> passwords = new EnumMap<>(ServicePrincipal.class);
        for (ServicePrincipal principal : ServicePrincipal.values()) {
            String password = environment.get(principal.passwordVariable());
            if (password != null && !password.isBlank()) {
                passwords.put(principal, password);
            }
        }
        if (passwords.isEmpty()) {
            throw new ConfigException(List.of("--principals: none of " + Arrays.stream(ServicePrincipal.values())
                    .map(ServicePrincipal::passwordVariable).toList() + " is set; set the password of each principal to create"));
        }
        return passwords;
    }
}
