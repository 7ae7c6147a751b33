package cn.fazhi.pulse.schemas;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.serde.SchemaHistory;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The contracts of every topic of the pipeline. Keys are strings: {@code town_code|kind|entity_id}
 * for events and evidence, {@code scope_code|period|indicator} for snapshots.
 */
public final class Topics {
    /** Enough for several stream threads on a small site; partitions can grow, never shrink. */
    public static final int EVENT_PARTITIONS = 4;
    public static final int INDICATOR_PARTITIONS = 4;

    /** Snapshot records: the latest per scope, period and indicator is what matters. */
    public static final TopicContract<String, IndicatorSnapshot> INDICATORS = new TopicContract<>(
            "fazhi.indicators", Serdes.String(),
            SingleObjectAvroSerde.of(IndicatorSnapshot.class, SchemaHistory.standard()),
            INDICATOR_PARTITIONS, true);

    public static final int EVIDENCE_PARTITIONS = 4;

    /**
     * What each entity adds to the figures, as it stands now: the items behind every figure. Keyed
     * like the entity's events ({@code town_code|kind|entity_id}), or {@code fazhi.dlq|partition|offset}
     * for a dead letter, so compaction keeps each entity's latest record.
     */
    public static final TopicContract<String, EntityEvidence> EVIDENCE = new TopicContract<>(
            "fazhi.evidence", Serdes.String(),
            SingleObjectAvroSerde.of(EntityEvidence.class, SchemaHistory.standard()),
            EVIDENCE_PARTITIONS, true);

    /**
     * Dead letters: the raw bytes or text that could not be used, with the reason and origin in
     * headers ({@link DeadLetter}), so that a person can read and fix them.
     */
    public static final TopicContract<String, byte[]> DEAD_LETTERS = new TopicContract<>(
            "fazhi.dlq", Serdes.String(), Serdes.ByteArray(), 1, false);

    private Topics() {}

    public static TopicContract<String, SpecificRecord> events(EventTopic topic) {
        return new TopicContract<>(topic.topicName(), Serdes.String(), SingleObjectAvroSerde.anyRecord(),
                EVENT_PARTITIONS, topic.compacted());
    }

    public static List<TopicContract<String, SpecificRecord>> allEvents() {
        return Arrays.stream(EventTopic.values()).map(Topics::events).toList();
    }

    /** Every topic the pipeline needs, for creating them. */
    public static List<TopicContract<?, ?>> all() {
        List<TopicContract<?, ?>> all = new ArrayList<>(allEvents());
        all.add(INDICATORS);
        all.add(EVIDENCE);
        all.add(DEAD_LETTERS);
        return List.copyOf(all);
    }
}
