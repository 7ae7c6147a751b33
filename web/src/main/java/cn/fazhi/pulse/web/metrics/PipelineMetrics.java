package cn.fazhi.pulse.web.metrics;

import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.Topics;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code GET /metrics} in Prometheus' text format. The pipeline's progress is read from the
 * cluster, not from this process, so every instance reports the same figures whichever parts run
 * where: events processed are the streams application's committed offsets on the event topics,
 * lag the distance from those (and the sink's) to the ends of the topics.
 */
public final class PipelineMetrics implements AutoCloseable {
    private final Admin admin;
    private final String streamsGroup;
    private final String sinkGroup;
    private final Map<String, LongSupplier> localCounters = new LinkedHashMap<>();

    public PipelineMetrics(Map<String, Object> kafkaConfig, String streamsGroup, String sinkGroup) {
        this.admin = Admin.create(kafkaConfig);
        this.streamsGroup = streamsGroup;
        this.sinkGroup = sinkGroup;
    }

    /** A counter or gauge of this instance, e.g. connected SSE clients; name and help as Prometheus shows them. */
    public PipelineMetrics register(String name, String help, String type, LongSupplier value) {
        localCounters.put("# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n" + name, value);
        return this;
    }

    public String scrape() throws ExecutionException, InterruptedException, TimeoutException {
        StringBuilder out = new StringBuilder();
        Set<String> eventTopics = new HashSet<>();
        for (EventTopic topic : EventTopic.values()) {
            eventTopics.add(topic.topicName());
        }
        Map<TopicPartition, OffsetAndMetadata> streams = committed(streamsGroup);
        Map<TopicPartition, OffsetAndMetadata> sink = committed(sinkGroup);
        Map<TopicPartition, Long> ends = ends(streams, sink);
        long processed = 0;
        long streamsLag = 0;
        for (var e : streams.entrySet()) {
            if (e.getValue() != null && eventTopics.contains(e.getKey().topic())) {
                processed += e.getValue().offset();
                streamsLag += Math.max(0, ends.getOrDefault(e.getKey(), 0L) - e.getValue().offset());
            }
        }
        long sinkLag = 0;
        for (var e : sink.entrySet()) {
            if (e.getValue() != null && e.getKey().topic().equals(Topics.INDICATORS.name())) {
                sinkLag += Math.max(0, ends.getOrDefault(e.getKey(), 0L) - e.getValue().offset());
            }
        }
        out.append("# HELP fazhi_events_processed_total Events the streams application has read and committed (its offsets on the event topics).\n")
                .append("# TYPE fazhi_events_processed_total counter\n")
                .append("fazhi_events_processed_total ").append(processed).append('\n');
        out.append("# HELP fazhi_consumer_lag Records published but not yet processed, per consumer group.\n")
                .append("# TYPE fazhi_consumer_lag gauge\n")
                .append("fazhi_consumer_lag{group=\"").append(streamsGroup).append("\"} ").append(streamsLag).append('\n')
                .append("fazhi_consumer_lag{group=\"").append(sinkGroup).append("\"} ").append(sinkLag).append('\n');
        localCounters.forEach((head, value) -> out.append(head).append(' ').append(value.getAsLong()).append('\n'));
        return out.toString();
    }

    private Map<TopicPartition, OffsetAndMetadata> committed(String group) throws ExecutionException, InterruptedException, TimeoutException {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
    }

    @SafeVarargs
    private Map<TopicPartition, Long> ends(Map<TopicPartition, OffsetAndMetadata>... groups)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, OffsetSpec> request = new LinkedHashMap<>();
        for (Map<TopicPartition, OffsetAndMetadata> group : groups) {
            group.keySet().forEach(tp -> request.put(tp, OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new LinkedHashMap<>();
        if (request.isEmpty()) {
            return ends;
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
        infos.forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }

    @Override
    public void close() {
        admin.close();
    }
}
