package cn.fazhi.pulse.schemas;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import java.util.stream.Collectors;

/**
 * Creates the pipeline's topics that do not exist yet, as their contracts declare them, and waits
 * until every partition has a leader: a producer that starts earlier gets NotLeader errors, and its
 * idempotent retries can then stall on out-of-order sequence numbers for minutes.
 */
public final class TopicSetup {
    private static final Duration READY_WITHIN = Duration.ofSeconds(30);

    private TopicSetup() {}

    public static List<String> ensure(Admin admin, short replicationFactor) throws ExecutionException, InterruptedException {
        return ensure(admin, replicationFactor, 1);
    }

    /** Creates the missing topics with that many replicas, {@code minInsyncReplicas} of them needed for a write. */
    public static List<String> ensure(Admin admin, short replicationFactor, int minInsyncReplicas)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = Topics.all().stream()
                .filter(t -> !existing.contains(t.name()))
                .map((TopicContract<?, ?> t) -> t.newTopic(replicationFactor, minInsyncReplicas))
                .toList();
        if (!missing.isEmpty()) {
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e; // another instance (the streams and the sink starting together) created it meanwhile: fine
                }
            }
        }
        awaitLeaders(admin, Topics.all().stream().map(TopicContract::name).toList());
        return missing.stream().map(NewTopic::name).toList();
    }

    /**
     * Waits until every partition's leader serves requests. Metadata names a leader a moment before
     * that broker can take writes, so the test is a request only the leader answers: ListOffsets.
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (true) {
            try {
                endOffsets(admin, topics);
                return;
            } catch (ExecutionException e) {
                if (System.nanoTime() > deadline) {
                    throw e; // still unknown after the wait: a real problem
                }
            }
            Thread.sleep(50);
        }
    }

    /**
     * The end offset of every partition of the topics: the offset its next record will get
     * (transaction markers included). Fails with {@link ExecutionException} if a topic is unknown.
     */
    public static Map<TopicPartition, Long> endOffsets(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(topics).allTopicNames().get().values().stream()
                .flatMap((TopicDescription d) -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
                .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
