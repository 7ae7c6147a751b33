package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.Events;
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
 *                             └─ valid ─► entity-state ─► repartition by city ───────────────────┐
 *                                  └─ valid-event-subject ─┐  (figure changes per town-month)    │
 * fazhi.dlq ─► dead-letter-subject ─► repartition by entity ┴─► rejected-subjects                │
 *   (subjects rejected, not yet fixed) ─► repartition by city ─► merge ◄─────────────────────────┘
 *   ─► scope-period-figures ─► fazhi.indicators (snapshots of the indicators that moved)
 *
 * entity-state (entities that changed) ─┬─► fazhi.evidence (what each entity adds, as it stands)
 * rejected-subjects (rejected, fixed) ──┘   (two sinks)
 * </pre>
 *
 * <p>rejected-subjects runs in entity-state's tasks: a valid event reaches it in memory, and only
 * the dead letters' subjects go through a repartition topic, partitioned as the event topics are
 * (the entity's key, the default partitioner, {@link Topics#EVENT_PARTITIONS} partitions) so that
 * each lands in the task that reads its entity's events. Event topics with another partition count
 * would send a subject to one task and its entity's events to another, where no fix would find it;
 * the runtime's setup refuses them ({@code ClusterSetup}).
 *
 * Built here and only here; the runtime wires and starts it. Every node and store is named, and
 * {@code describe()} is pinned by a test, because renaming one breaks state on upgrade.
 */
public final class IndicatorTopology {
    public static final String ENTITY_STORE = "entity-facts";
    public static final String FIGURES_STORE = "scope-period-figures";
    public static final String PENDING_STORE = "town-month-changes-pending";
    public static final String OUTBOX_STORE = "entity-changes-outbox";
    /** The repartition topic's name within the application: {@code <application.id>-changes-by-city-repartition}. */
    public static final String REPARTITION = "changes-by-city";
    /** The subjects of dead letters not yet fixed, with where each counts in dq.rejected. */
    public static final String REJECTED_SUBJECTS_STORE = "rejected-subjects";
    /**
     * The subjects of dead letters, to the task that reads their entity's events:
     * {@code <application.id>-subjects-by-entity-repartition}, with as many partitions as an event topic.
     * It carried the valid events too once; the name stays, as its partitioning is the one it had
     * with the event topics as created, so that what is on it at an upgrade is still counted.
     */
    public static final String SUBJECTS_REPARTITION = "subjects-by-entity";
    /** Changes of dq.rejected by city, beside {@link #REPARTITION}: {@code <application.id>-rejections-by-city-repartition}. */
    public static final String REJECTIONS_REPARTITION = "rejections-by-city";
    /** The processor that counts the subjects of dead letters in dq.rejected. */
    public static final String REJECTED_SUBJECTS = "rejected-subjects";
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
        builder.addStateStore(store(Stores.persistentKeyValueStore(REJECTED_SUBJECTS_STORE), InternalSerdes.rejectedSubjects(), behind));

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
        KStream<String, SpecificRecord> validEvents = branches.get("checked-valid")
                .mapValues(value -> ((Checked.Valid) value).event(), Named.as("valid-event"));
        var entityOutputs = validEvents
                .process(() -> new EntityStateProcessor(ENTITY_STORE, OUTBOX_STORE, FORWARD_INTERVAL,
                                new Pacing(BEHIND, CATCH_UP_FORWARD_INTERVAL), rulebook, settings.waiting()),
                        Named.as(ENTITY_STATE), ENTITY_STORE, OUTBOX_STORE)
                .split(Named.as("entity-"))
                .branch((key, value) -> value instanceof EntityOutput.Evidence, Branched.as("evidence"))
                .defaultBranch(Branched.as("changes"));
        KStream<String, Figures> entityChanges = entityOutputs.get("entity-changes")
                .mapValues(value -> (Figures) value, Named.as("entity-change"));

        // dq.rejected: the subjects of dead letters that no valid event has fixed yet, kept in
        // entity-state's own tasks. The valid events reach them there as they are; only the dead
        // letters travel, to the partition their subject's entity has on the event topics: the same
        // key, the same default partitioner and the same partition count put them in the task that
        // reads that entity's events.
        KStream<String, SubjectSignal> rejections = builder
                .stream(Topics.DEAD_LETTERS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("dead-letters-in"))
                .process(DeadLetterSubjects::new, Named.as("dead-letter-subject"))
                .repartition(Repartitioned.<String, SubjectSignal>as(SUBJECTS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(InternalSerdes.subjectSignals())
                        .withNumberOfPartitions(Topics.EVENT_PARTITIONS));
        KStream<String, SubjectSignal> fixes = validEvents
                .mapValues(event -> (SubjectSignal) new SubjectSignal.Valid(Events.eventId(event)), Named.as("valid-event-subject"));
        var rejectedOutputs = rejections.merge(fixes, Named.as("subject-signals"))
                .process(() -> new RejectedSubjects(REJECTED_SUBJECTS_STORE), Named.as(REJECTED_SUBJECTS), REJECTED_SUBJECTS_STORE)
                .split(Named.as("rejected-"))
                .branch((key, value) -> value instanceof EntityOutput.Evidence, Branched.as("evidence"))
                .defaultBranch(Branched.as("changes"));
        KStream<String, Figures> rejectedChanges = rejectedOutputs.get("rejected-changes")
                .mapValues(value -> (Figures) value, Named.as("rejected-change"));

        // The items behind the figures: an entity with each event that changes it, each rejected subject
        // as it changes. Two sinks, from when rejected-subjects had a part of the topology of its own.
        entityOutputs.get("entity-evidence")
                .mapValues(value -> ((EntityOutput.Evidence) value).evidence(), Named.as("entity-evidence-record"))
                .to(Topics.EVIDENCE.name(), Produced.with(Serdes.String(), evidence).withName("evidence"));
        rejectedOutputs.get("rejected-evidence")
                .mapValues(value -> ((EntityOutput.Evidence) value).evidence(), Named.as("rejected-evidence-record"))
                .to(Topics.EVIDENCE.name(), Produced.with(Serdes.String(), evidence).withName("rejected-evidence-out"));

        // Each by city on its own topic, as when rejected-subjects had a part of the topology of its own
        // (one topic then would have made a loop): sharing one now would strand, at an upgrade, what
        // is in flight on the topic given up.
        entityChanges
                .repartition(Repartitioned.<String, Figures>as(REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(InternalSerdes.figures())
                        .withStreamPartitioner(new ByCityPartitioner()))
                .merge(rejectedChanges.repartition(Repartitioned.<String, Figures>as(REJECTIONS_REPARTITION)
                        .withKeySerde(Serdes.String()).withValueSerde(InternalSerdes.figures())
                        .withStreamPartitioner(new ByCityPartitioner())), Named.as("all-changes"))
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
