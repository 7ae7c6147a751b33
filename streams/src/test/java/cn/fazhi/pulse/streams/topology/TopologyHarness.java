package cn.fazhi.pulse.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.SnapshotKey;
import cn.fazhi.pulse.schemas.TextHeaders;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.test.TestRecord;

/** The indicator topology in a TopologyTestDriver: events in, the latest snapshot per key out. */
public final class TopologyHarness implements AutoCloseable {
    private final TopologyTestDriver driver;
    private final TestOutputTopic<String, IndicatorSnapshot> indicators;
    private final TestOutputTopic<String, byte[]> deadLetters;
    private final TestOutputTopic<String, EntityEvidence> evidence;
    private final Map<String, EntityEvidence> latestEvidence = new java.util.TreeMap<>();
    private final java.util.List<String> evidenceKeysPublished = new java.util.ArrayList<>();
    private final Map<String, IndicatorSnapshot> latest = new HashMap<>();
    private final SingleObjectAvroSerde<SpecificRecord> serde = SingleObjectAvroSerde.anyRecord();
    private final Instant defaultArrival;
    private final WaitingChanges waitingChanges;

    public TopologyHarness(Path stateDir, Instant defaultArrival) {
        this(stateDir, defaultArrival, IndicatorTopology.Settings.defaults());
    }

    /** With the stores written behind, or with Kafka Streams' record cache. */
    public TopologyHarness(Path stateDir, Instant defaultArrival, boolean writeBehindStores) {
        this(stateDir, defaultArrival, IndicatorTopology.Settings.defaults().withWriteBehindStores(writeBehindStores));
    }

    public TopologyHarness(Path stateDir, Instant defaultArrival, IndicatorTopology.Settings settings) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-harness");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.putAll(IndicatorTopology.FAILURE_HANDLERS);
        this.driver = new TopologyTestDriver(IndicatorTopology.build(settings), props, defaultArrival);
        this.indicators = driver.createOutputTopic(Topics.INDICATORS.name(), new StringDeserializer(), Topics.INDICATORS.valueSerde().deserializer());
        this.deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new StringDeserializer(), new ByteArrayDeserializer());
        this.evidence = driver.createOutputTopic(Topics.EVIDENCE.name(), new StringDeserializer(), Topics.EVIDENCE.valueSerde().deserializer());
        this.defaultArrival = defaultArrival;
        this.waitingChanges = settings.waiting();
    }

    /** Publishes an event as a producer would: to its domain's topic, under its entity's key. */
    public TopologyHarness send(SpecificRecord event) {
        return send(event, defaultArrival);
    }

    public TopologyHarness send(SpecificRecord event, Instant arrival) {
        String topic = EventType.entityKind(event).orElseThrow().topic().topicName();
        return sendRaw(topic, Events.key(event), serde.serialize(event), arrival);
    }

    /** An event with the header HTTP ingest adds: who submitted it. */
    public TopologyHarness sendSubmitted(SpecificRecord event, Instant arrival, String submitter) {
        String topic = EventType.entityKind(event).orElseThrow().topic().topicName();
        org.apache.kafka.common.header.internals.RecordHeaders headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        TextHeaders.add(headers, Events.SUBMITTER_HEADER, submitter);
        driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(Events.key(event), serde.serialize(event), headers, arrival));
        return this;
    }

    /** A dead letter as a stage before the topology (import, HTTP) puts it on the dead-letter topic. */
    public TopologyHarness sendDeadLetter(cn.fazhi.pulse.schemas.DeadLetter letter, String text, Instant arrival) {
        driver.createInputTopic(Topics.DEAD_LETTERS.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(new TestRecord<>(letter.source() + ":" + letter.position(), text.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        letter.headers(), arrival));
        return this;
    }

    public TopologyHarness sendRaw(String topic, String key, byte[] value, Instant arrival) {
        driver.createInputTopic(topic, new StringSerializer(), new ByteArraySerializer()).pipeInput(new TestRecord<>(key, value, arrival));
        return this;
    }

    /** Lets the intervals pass until every change is published, and collects what was. */
    public TopologyHarness emit() {
        advanceUntilPublished(driver);
        indicators.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
        readEvidence();
        return this;
    }

    private void readEvidence() {
        evidence.readKeyValuesToList().forEach(kv -> {
            latestEvidence.put(kv.key, kv.value);
            evidenceKeysPublished.add(kv.key);
        });
    }

    /** The latest evidence per key, as the compacted topic keeps it. */
    public Map<String, EntityEvidence> evidence() {
        return latestEvidence;
    }

    /** Every evidence key published so far, once per record, in order. */
    public java.util.List<String> evidenceKeysPublished() {
        return evidenceKeysPublished;
    }

    /** Publishes, and returns only what this emission published. */
    public Map<String, IndicatorSnapshot> emitted() {
        advanceUntilPublished(driver);
        Map<String, IndicatorSnapshot> now = new HashMap<>();
        indicators.readKeyValuesToList().forEach(kv -> {
            latest.put(kv.key, kv.value);
            now.put(kv.key, kv.value);
        });
        readEvidence();
        return now;
    }

    /**
     * Lets wall-clock time pass, a second at a time, until no change waits in the outbox or in the
     * pending store: a change takes more than one punctuation from its entity to its snapshot,
     * and more while the input counts as a backlog (events that arrived long before the clock).
     */
    public static void advanceUntilPublished(TopologyTestDriver driver) {
        for (int second = 0; second < 20; second++) {
            driver.advanceWallClockTime(Duration.ofSeconds(1));
            if (isEmpty(driver, IndicatorTopology.OUTBOX_STORE) && isEmpty(driver, IndicatorTopology.PENDING_STORE)) {
                return;
            }
        }
        throw new AssertionError("changes still wait to be published after 20 s of wall-clock time");
    }

    private static boolean isEmpty(TopologyTestDriver driver, String store) {
        try (KeyValueIterator<String, Object> entries = driver.<String, Object>getKeyValueStore(store).all()) {
            return !entries.hasNext();
        }
    }

    /** What the topology's processors count as waiting in their outboxes. */
    public WaitingChanges waitingChanges() {
        return waitingChanges;
    }

    public Map<String, IndicatorSnapshot> latest() {
        return latest;
    }

    public TestOutputTopic<String, byte[]> deadLetters() {
        return deadLetters;
    }

    public boolean has(String scope, String period, String indicator) {
        return latest.containsKey(new SnapshotKey(scope, period, indicator).toString());
    }

    public IndicatorSnapshot snapshot(String scope, String period, String indicator) {
        IndicatorSnapshot snapshot = latest.get(new SnapshotKey(scope, period, indicator).toString());
        assertThat(snapshot).as("snapshot %s %s %s", scope, period, indicator).isNotNull();
        return snapshot;
    }

    /** A count or amount, as a plain decimal string (139, 11850, 52). */
    public String figure(String scope, String period, String indicator) {
        BigDecimal numerator = snapshot(scope, period, indicator).getNumerator().stripTrailingZeros();
        return numerator.toPlainString();
    }

    public long count(String scope, String period, String indicator) {
        return snapshot(scope, period, indicator).getNumerator().longValueExact();
    }

    /** A rate as numerator/denominator, e.g. 427/427. */
    public String rate(String scope, String period, String indicator) {
        IndicatorSnapshot s = snapshot(scope, period, indicator);
        return s.getNumerator().stripTrailingZeros().toPlainString() + "/" + s.getDenominator().stripTrailingZeros().toPlainString();
    }

    @Override
    public void close() {
        driver.close();
    }
}
