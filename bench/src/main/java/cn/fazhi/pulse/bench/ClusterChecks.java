package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.store.Database;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What the failure runs compare: the figures stored, the records a topic holds, and whether the
 * streams have consumed every event. Read from the cluster and the database, never from the
 * processes under test.
 */
final class ClusterChecks {
    private ClusterChecks() {}

    static List<String> eventTopics() {
        return Arrays.stream(EventTopic.values()).map(EventTopic::topicName).toList();
    }

    /** Every current figure but zeros: {@code scope|period|indicator} → {@code numerator/denominator}. */
    static Map<String, String> figures(Database database) throws SQLException {
        Map<String, String> figures = new TreeMap<>();
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT scope_code, period, indicator, numerator, denominator FROM indicator_current")) {
            while (rows.next()) {
                BigDecimal numerator = rows.getBigDecimal(4);
                BigDecimal denominator = rows.getBigDecimal(5);
                // A figure that went up and back to nothing (a penalty corrected into another category)
                // is stored as 0 by a run that published it in between and not at all by one that
                // batched both changes together: the two say the same, so zero counts as absent.
                if (numerator.signum() == 0 && (denominator == null || denominator.signum() == 0)) {
                    continue;
                }
                figures.put(rows.getString(1) + "|" + rows.getString(2) + "|" + rows.getString(3),
                        numerator.stripTrailingZeros().toPlainString() + "/"
                                + (denominator == null ? "-" : denominator.stripTrailingZeros().toPlainString()));
            }
        }
        return figures;
    }

    static long historyRows(Database database) throws SQLException {
        return single(database, "SELECT count(*) FROM indicator_history");
    }

    /**
     * History rows that repeat another row's snapshot (same figure, same publication time) from a
     * different source record: a snapshot stored twice.
     */
    static long doubledHistoryRows(Database database) throws SQLException {
        return single(database, "SELECT count(*) - count(DISTINCT (scope_code, period, indicator, updated_at, numerator, denominator, as_of))"
                + " FROM indicator_history");
    }

    private static long single(Database database, String sql) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Records of committed transactions (and non-transactional ones) in the topics: what read_committed readers see. */
    static long committedRecords(Map<String, Object> kafkaConfig, List<String> topics) {
        Map<String, Object> config = new HashMap<>(kafkaConfig);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        long count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic, Duration.ofSeconds(30)).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, Duration.ofSeconds(30)) < ends.get(p))) {
                count += consumer.poll(Duration.ofMillis(500)).count();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topics + " to their ends within 5 minutes");
                }
            }
        }
        return count;
    }

    /** True when the consumer group has committed the end of every partition of the topics. */
    static boolean consumedAll(Admin admin, String group, List<String> topics)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<TopicPartition, Long> ends = TopicSetup.endOffsets(admin, topics);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata at = committed.get(end.getKey());
            // A transaction marker can follow the last record, so committed may stop one short of the end.
            if (end.getValue() > 0 && (at == null || at.offset() < end.getValue() - 1)) {
                return false;
            }
        }
        return true;
    }

    /** The figures that differ, at most {@code limit} of them, as "key: expected → actual". */
    static List<String> differences(Map<String, String> expected, Map<String, String> actual, int limit) {
        List<String> differences = new ArrayList<>();
        Set<String> keys = new java.util.TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        for (String key : keys) {
            String want = expected.get(key);
            String got = actual.get(key);
            if (want == null ? got != null : !want.equals(got)) {
                differences.add(key + ": " + want + " → " + got);
                if (differences.size() >= limit) {
                    break;
                }
            }
        }
        return differences;
    }

    static long endOffsetSum(Admin admin, List<String> topics) throws ExecutionException, InterruptedException {
        return TopicSetup.endOffsets(admin, topics).values().stream().mapToLong(Long::longValue).sum();
    }

}
