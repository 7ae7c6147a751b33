package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.embedded.KafkaNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.common.Uuid;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/**
 * {@code fazhi broker}: one node of a Kafka KRaft cluster, from Kafka's own server classes and a
 * standard server properties file, so that a site can run its cluster from this package alone.
 */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {"Run one Kafka node (KRaft broker and/or controller) from a standard server.properties.",
            "Formats its log directories on first start; SIGTERM or Ctrl-C shuts it down cleanly (docs/deployment.md)."})
final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Kafka server properties (node.id, process.roles, listeners, controller.quorum.voters, log.dirs, …)")
    Path config;

    @Option(names = "--cluster-id", paramLabel = "ID",
            description = "cluster id to format new storage with; the same on every node (needed when the quorum has several voters)")
    String clusterId;

    @Option(names = "--new-cluster-id", description = "print a new random cluster id, for --cluster-id of every node, and exit")
    boolean newClusterId;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (newClusterId) {
            System.out.println(Uuid.randomUuid());
            return 0;
        }
        if (config == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--config=FILE'");
        }
        KafkaNode node = KafkaNode.start(config, Optional.ofNullable(clusterId));
        System.out.println("Kafka node " + node.nodeId() + " running (cluster " + node.clusterId() + ", " + config
                + "); SIGTERM or Ctrl-C to stop");
        ServiceRunner.runUntilStopped(() -> {
            node.close();
            System.out.println("Kafka node " + node.nodeId() + " stopped");
        });
        return 0;
    }
}
