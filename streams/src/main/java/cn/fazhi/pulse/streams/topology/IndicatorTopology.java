package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import cn.fazhi.pulse.streams.domain.EntityRulebook;
import cn.fazhi.pulse.streams.topology.internal.WriteBehindStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The indicator topology:
 *
 * <pre>
 * fazhi.events.* ─► validate ─┬─ invalid ─► dead-letter ─► fazhi.dlq
 *                             └─ valid ─► entity-state ─┐   (figure changes per town-month)
 * fazhi.dlq ─► count-rejections ────────────────────────┴─► merge ─► repartition by city
 *   ─► scope-period-figures ─► fazhi.indicators (snapshots of the indicators that moved)
 *
 * entity-state (entities that changed) ─┬─► fazhi.evidence (what each entity adds, as it stands)
 * fazhi.dlq ─► rejection-evidence ──────┘
 * </pre>
 *
 * Built here and only here; the runtime wires and starts it. Every node and store is named, and
 * {@code describe()} is pinned by a test, because renaming one breaks state on upgrade.
 */
public final class IndicatorTopology {
    public static final String ENTITY_STORE = "entity-facts";
    public static final String FIGURES_STORE = "scope-period-figures";
    public static final String PENDING_STORE = "town-month-changes-pending";
    public static final String OUTBOX_STORE = "entity-changes-outbox";
    /** Entities changed since the last forward, whose evidence is published on the next. */
    /** The repartition topic's name within the application: {@code <application.id>-changes-by-city-repartition}. */
    public static final String REPARTITION = "changes-by-city";
    /** The processor that applies the entity rules. */
    public static final String ENTITY_STATE = "entity-state";

    /**
     * The Kafka Streams settings the topology relies on for records that fail: they go to the
     * dead-letter topic and count in dq.rejected, as refused records do, and the stream goes on.
     */
    public static final Map<String, Object> FAILURE_HANDLERS = Map.of(
            StreamsConfig.DEFAULT_DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeserializationFailureHandler.class,
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, ProcessingFailureHandler.class,
            StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);

    /** How often entity changes go downstream: short, as it adds to the time to publication. */
    static final Duration FORWARD_INTERVAL = Duration.ofMillis(50);
    /**
     * Input older than this means a backlog (a bulk import, a restart after an outage): changes
     * then go downstream every second and are published every two (see {@link Pacing}).
     */
    static final Duration BEHIND = Duration.ofSeconds(2);
    static final Duration CATCH_UP_FORWARD_INTERVAL = Duration.ofSeconds(1);
    static final Duration CATCH_UP_EMIT_INTERVAL = Duration.ofSeconds(2);

    /**
     * What the topology itself can be tuned by, and what it tells its runtime.
     *
     * @param valueSerde how event and snapshot values are encoded on their topics (internal state
     *     always uses the single-object encoding)
     * @param writeBehindStores the stores hold what was written since the last commit as objects
     *     ({@link WriteBehindStore}, which plugs into Kafka Streams internals); false builds them
     *     with Kafka Streams' own record cache instead
     * @param waiting where the processors count the changes waiting in their outboxes, for the
     *     runtime to read: one per built topology
     */
    public record Settings(Duration emitInterval, Serde<SpecificRecord> valueSerde, boolean writeBehindStores, WaitingChanges waiting) {
        public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofMillis(200);

        /** The defaults, with a count of waiting changes of their own. */
        public static Settings defaults() {
            return new Settings(DEFAULT_EMIT_INTERVAL, SingleObjectAvroSerde.anyRecord(), true, new WaitingChanges());
        }

        public Settings withWriteBehindStores(boolean writeBehind) {
            return new Settings(emitInterval, valueSerde, writeBehind, waiting);
        }
    }

    private IndicatorTopology() {}

    public static Topology build(Settings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        SingleObjectAvroSerde<SpecificRecord> events = SingleObjectAvroSerde.anyRecord();
        @SuppressWarnings("unchecked")
        Serde<IndicatorSnapshot> snapshots = (Serde<IndicatorSnapshot>) (Serde<?>) settings.valueSerde();
        @SuppressWarnings("unchecked")
        Serde<EntityEvidence> evidence = (Serde<EntityEvidence>) (Serde<?>) settings.valueSerde();
        Deserializer<SpecificRecord> eventReader = settings.valueSerde().deserializer();

        // Cached either way: a key written many times between two commits is encoded, logged and
        // stored once, at the commit.
        boolean behind = settings.writeBehindStores();
        builder.addStateStore(store(Stores.persistentKeyValueStore(ENTITY_STORE), InternalSerdes.entityFacts(events), behind));
        builder.addStateStore(store(Stores.inMemoryKeyValueStore(OUTBOX_STORE), InternalSerdes.figures(), behind));
        builder.addStateStore(store(Stores.persistentKeyValueStore(FIGURES_STORE), InternalSerdes.figures(), behind));
        builder.addStateStore(store(Stores.inMemoryKeyValueStore(PENDING_STORE), InternalSerdes.figures(), behind));

        // Town registrations are read too: a town's villages are the denominator of advisor coverage.
        List<String> eventTopics = Arrays.stream(EventTopic.values()).map(EventTopic::topicName).toList();
        KStream<String, Checked> checked = builder
                .stream(eventTopics, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("events"))
                .process(() -> new ValidateProcessor(eventReader), Named.as("validate"));

        var branches = checked.split(Named.as("checked-"))
                .branch((key, value) -> value instanceof Checked.Invalid,
                        Branched.withConsumer(invalid -> invalid
                                .process(DeadLetterProcessor::new, Named.as("dead-letter"))
                                .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letters")),
                                "invalid"))
                .defaultBranch(Branched.as("valid"));

        EntityRulebook rulebook = EntityRulebook.standard();
        var entityOutputs = branches.get("checked-valid")
                .mapValues(value -> ((Checked.Valid) value).event(), Named.as("valid-event"))
                .process(() -> new EntityStateProcessor(ENTITY_STORE, OUTBOX_STORE, FORWARD_INTERVAL,
                                new Pacing(BEHIND, CATCH_UP_FORWARD_INTERVAL), rulebook, settings.waiting()),
                        Named.as(ENTITY_STATE), ENTITY_STORE, OUTBOX_STORE)
                .split(Named.as("entity-"))
                .branch((key, value) -> value instanceof EntityOutput.Evidence, Branched.as("evidence"))
                .defaultBranch(Branched.as("changes"));
        KStream<String, Figures> entityChanges = entityOutputs.get("entity-changes")
                .mapValues(value -> (Figures) value, Named.as("entity-change"));

        KStream<String, byte[]> deadLettersIn = builder
                .stream(Topics.DEAD_LETTERS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letters-in"));
        KStream<String, Figures> rejections = deadLettersIn.process(RejectionCounter::new, Named.as("count-rejections"));

        // The items behind the figures: an entity with each event that changes it, each dead letter once.
        entityOutputs.get("entity-evidence")
                .mapValues(value -> ((EntityOutput.Evidence) value).evidence(), Named.as("entity-evidence-record"))
                .merge(deadLettersIn.process(RejectionEvidence::new, Named.as("rejection-evidence")), Named.as("all-evidence"))
                .to(Topics.EVIDENCE.name(), Produced.with(Serdes.String(), evidence).withName("evidence"));

        entityChanges.merge(rejections, Named.as("all-changes"))
                .repartition(Repartitioned.<String, Figures>as(REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(InternalSerdes.figures())
                        .withStreamPartitioner(new ByCityPartitioner()))
                .process(() -> new ScopePeriodProcessor(FIGURES_STORE, PENDING_STORE, settings.emitInterval(),
                        new Pacing(BEHIND, CATCH_UP_EMIT_INTERVAL), settings.waiting()),
                        Named.as("scope-period-figures"), FIGURES_STORE, PENDING_STORE)
                .to(Topics.INDICATORS.name(), Produced.with(Serdes.String(), snapshots).withName("indicators"));

        return builder.build();
    }

    /** A logged store, written behind, or with Kafka Streams' record cache. */
    private static <V> StoreBuilder<KeyValueStore<String, V>> store(KeyValueBytesStoreSupplier supplier, Serde<V> values, boolean writeBehind) {
        return writeBehind
                ? WriteBehindStore.of(supplier, Serdes.String(), values)
                : Stores.keyValueStoreBuilder(supplier, Serdes.String(), values).withCachingEnabled();
    }
}
