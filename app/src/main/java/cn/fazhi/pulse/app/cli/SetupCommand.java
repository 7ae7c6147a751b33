package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.ClusterSetup;
import cn.fazhi.pulse.runtime.config.ConfigException;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

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

    @Override
    public Integer call() throws Exception {
        FazhiConfig config = options.load(Map.of());
        String bootstrap = config.bootstrapServers().orElseThrow(() -> new ConfigException(List.of(
                ConfigKey.KAFKA_BOOTSTRAP_SERVERS.key() + " (" + ConfigKey.KAFKA_BOOTSTRAP_SERVERS.environmentVariable()
                        + "): not set — the Kafka brokers to set up, e.g. kafka1:9092,kafka2:9092")));
        Map<String, Object> kafka = new HashMap<>(config.kafkaClient());
        kafka.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(kafka)) {
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
}
