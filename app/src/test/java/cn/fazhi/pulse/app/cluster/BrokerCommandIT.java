package cn.fazhi.pulse.app.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.testkit.LocalKafkaCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fazhi broker} as a real process: a node of Kafka's own classes on a standard properties file. */
class BrokerCommandIT {

    @Test
    void shouldKeepItsTopicsWhenRestartedOnItsDataFolder(@TempDir Path dir) throws Exception {
        try (LocalKafkaCluster cluster = LocalKafkaCluster.start(dir, 1)) {
            // Given a topic on a broker started from its properties file
            try (Admin admin = Admin.create(cluster.adminClientConfig())) {
                admin.createTopics(List.of(new NewTopic("kept.across.restarts", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }

            // When the broker is stopped with SIGTERM and started again on the same folder
            int status = cluster.node(1).stop();
            assertThat(cluster.node(1).output()).contains("Kafka node 1 stopped");
            assertThat(status).as("exit status after SIGTERM").isEqualTo(143);
            cluster.restart(1);

            // Then the topic is still there, with its partitions
            try (Admin admin = Admin.create(cluster.adminClientConfig())) {
                assertThat(admin.describeTopics(List.of("kept.across.restarts")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("kept.across.restarts").partitions()).hasSize(3);
            }
            cluster.node(1).awaitOutput("Kafka node 1 running", Duration.ofSeconds(5));
        }
    }
}
