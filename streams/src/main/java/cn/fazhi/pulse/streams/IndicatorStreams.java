package cn.fazhi.pulse.streams;

import cn.fazhi.pulse.schemas.serde.ValueSerdes;
import cn.fazhi.pulse.streams.topology.IndicatorTopology;
import cn.fazhi.pulse.streams.topology.WaitingChanges;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Runs the indicator topology: exactly-once, and never stopped by one bad record (the topology
 * sends those to the dead-letter topic itself, and so do its failure handlers with a record a
 * processor throws on or Kafka Streams cannot decode).
 */
public final class IndicatorStreams implements AutoCloseable {

    /**
     * @param kafkaConfig client settings (at least {@code bootstrap.servers}); passed through, so a
     *     site can add security settings or replace the default serdes
     * @param writeBehindStores the topology's stores written behind (see {@link IndicatorTopology.Settings});
     *     false falls back to Kafka Streams' own record cache
     */
    public record Settings(String applicationId, Map<String, Object> kafkaConfig, Path stateDir, int threads,
                           short replicationFactor, Duration commitInterval, Duration emitInterval, boolean writeBehindStores) {
        /** Short, since a snapshot is visible only once its transaction commits, twice on its way. */
        public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(100);
        /** How often changed indicators are published while the input is live (see Pacing for a backlog). */
        public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofMillis(200);
        /** On: Kafka Streams' record cache costs the stream thread more (docs/benchmarks.md). */
        public static final boolean DEFAULT_WRITE_BEHIND_STORES = true;

        /** The settings with the stores written behind, as by default. */
        public Settings(String applicationId, Map<String, Object> kafkaConfig, Path stateDir, int threads,
                        short replicationFactor, Duration commitInterval, Duration emitInterval) {
            this(applicationId, kafkaConfig, stateDir, threads, replicationFactor, commitInterval, emitInterval,
                    DEFAULT_WRITE_BEHIND_STORES);
        }
    }

    private final KafkaStreams streams;
    private final Settings settings;
    private final WaitingChanges waiting = new WaitingChanges();
    private final ProducerSends sends = new ProducerSends();

    public IndicatorStreams(Settings settings) {
        this.settings = settings;
        IndicatorTopology.Settings topology = new IndicatorTopology.Settings(settings.emitInterval(),
                ValueSerdes.fromConfig(settings.kafkaConfig()), settings.writeBehindStores(), waiting);
        this.streams = new KafkaStreams(IndicatorTopology.build(topology), properties(settings), sends);
    }

    static Properties properties(Settings settings) {
        Properties props = new Properties();
        props.putAll(settings.kafkaConfig());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) settings.replicationFactor());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
        // The figures do not depend on the order of events across partitions, so waiting for empty
        // ones to fill buys nothing; and the wait's bookkeeping formats a log line per record.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        if (settings.writeBehindStores()) {
            // The topology's stores keep their own write-behind buffers and use no record cache:
            // memory reserved for one would stay empty. Without them, Kafka's default applies.
            props.putIfAbsent(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0L);
        }
        props.putAll(IndicatorTopology.FAILURE_HANDLERS);
        props.putIfAbsent(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, org.apache.kafka.common.serialization.Serdes.StringSerde.class);
        return props;
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** Waits until the application runs (state RUNNING), or fails if it stopped instead. */
    public void awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("the indicator streams stopped while starting: " + streams.state());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the indicator streams did not start within " + timeout + ": " + streams.state());
            }
            Thread.sleep(50);
        }
    }

    /**
     * True when every input partition has been read to its end, no figure waits to be published
     * and every record passed on has reached the broker; the runtime's Drain adds the committed
     * offsets. Reads the consumers' lag, the processors' own count of waiting changes and the
     * producers' count of unacknowledged records, never the stores, which belong to the stream threads.
     */
    public boolean isIdle() {
        if (streams.state() != KafkaStreams.State.RUNNING || !waiting.none() || sends.unacknowledged() > 0) {
            return false;
        }
        for (Map.Entry<MetricName, ? extends Metric> metric : streams.metrics().entrySet()) {
            MetricName name = metric.getKey();
            if (name.name().equals("records-lag") && name.tags().containsKey("partition")) {
                Object lag = metric.getValue().metricValue();
                if (!(lag instanceof Double d) || d.isNaN() || d > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * When idle ({@link #isIdle()}), a mark of everything passed on so far: how many records the
     * producers were handed, every one of them acknowledged by the broker. Empty when not idle.
     * Two equal marks taken around a reading of offsets tell that nothing was passed on in between,
     * so that the end offsets read between them count every record the streams published.
     */
    public OptionalLong idleMark() {
        long handed = sends.handed(); // before isIdle(): a send counted here is then unacknowledged until the broker has it
        return isIdle() ? OptionalLong.of(handed) : OptionalLong.empty();
    }

    /** True when idle now and nothing was handed to the producers since the mark was taken. */
    public boolean isIdleSince(long mark) {
        return isIdle() && sends.handed() == mark; // after isIdle(): a send begun meanwhile shows in one or the other
    }

    public Settings settings() {
        return settings;
    }

    public String applicationId() {
        return settings.applicationId();
    }

    /** Kafka Streams' own metrics of this instance: threads, tasks, stores and clients. */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
    }
}
