package cn.fazhi.pulse.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.app.cli.FazhiCli;
import cn.fazhi.pulse.schemas.TopicContract;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.testkit.LocalKafkaCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fazhi setup} on real broker processes: replication that matches the cluster. */
class ClusterSetupIT {
    private static final List<String> TOPICS = Topics.all().stream().map(TopicContract::name).toList();

    @Test
    void shouldCreateEveryTopicWithThreeReplicasAndTwoInSyncWhenTheClusterHasThreeBrokers(@TempDir Path dir) throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(dir, 3)) {
            // When setup runs with nothing configured but the brokers, twice
            Run first = setup("--set", "kafka.bootstrap.servers=" + cluster.bootstrapServers());
            Run again = setup("--set", "kafka.bootstrap.servers=" + cluster.bootstrapServers());

            // Then every topic has three replicas, two of which must hold a write
            assertThat(first.exit()).as(first.err()).isZero();
            assertThat(first.out()).contains("3 brokers; replication 3, min.insync.replicas 2, standby replicas 1");
            try (Admin admin = Admin.create(cluster.adminClientConfig())) {
                Map<String, TopicDescription> topics = admin.describeTopics(TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
                assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions())
                        .allSatisfy(partition -> assertThat(partition.replicas()).as(topic.name()).hasSize(3)));
                List<ConfigResource> resources = TOPICS.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
                Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
                assertThat(configs.values().stream().map(c -> c.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value())
                        .collect(Collectors.toSet())).containsExactly("2");
            }
            // And the second run finds them and changes nothing
            assertThat(again.exit()).as(again.err()).isZero();
            assertThat(again.out()).contains("every topic exists").doesNotContain("warning");
        }
    }

    @Test
    void shouldRefuseReplicationThreeWhenTheClusterHasOneBroker(@TempDir Path dir) throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(dir, 1)) {
            Run run = setup("--set", "kafka.bootstrap.servers=" + cluster.bootstrapServers(), "--set", "kafka.replication.factor=3");

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).contains("kafka.replication.factor 3 cannot be held by this cluster of 1 broker",
                    "set kafka.replication.factor to at most 1");
            try (Admin admin = Admin.create(cluster.adminClientConfig())) {
                assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContainAnyElementsOf(TOPICS);
            }
        }
    }

    private record Run(int exit, String out, String err) {}

    private static synchronized Run setup(String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            String[] all = new String[args.length + 1];
            all[0] = "setup";
            System.arraycopy(args, 0, all, 1, args.length);
            int exit = FazhiCli.run(all);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
