package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import cn.fazhi.pulse.schemas.Topics;

/**
 * The records of one write, and the offsets the write completes. Pure, and free of Kafka's types
 * (positions are topic names, partition numbers and offsets; records are keys and bytes): filled
 * by the poll loop, read by the writer, tested on its own. Every snapshot goes to the history in
 * order; the current table gets the last one per key, because one multi-row upsert cannot touch a
 * row twice.
 */
public final class SinkBatch {

    /**
     * A snapshot and where it came from (its topic position identifies its history row), with the
     * record's own key and bytes: if the database refuses it, those go to the dead-letter topic as
     * they were read, since a value the database refuses may not even encode again.
     */
    public record Entry(IndicatorSnapshot snapshot, int partition, long offset, Instant publishedAt, String recordKey,
                        byte[] recordValue) {
        /** An entry whose source record is not at hand (built by hand rather than read). */
        public Entry(IndicatorSnapshot snapshot, int partition, long offset, Instant publishedAt) {
            this(snapshot, partition, offset, publishedAt, null, null);
        }

        String key() {
            return snapshot.getScopeCode() + '|' + snapshot.getPeriod() + '|' + snapshot.getIndicator();
        }
    }

    /** An entity's evidence and where it came from (its topic position identifies its history row). */
    public record EvidenceEntry(String key, EntityEvidence evidence, int partition, long offset, Instant publishedAt) {}

    /** The next offset to read per topic partition, written in the same transaction. */
    public record Position(String topic, int partition, long nextOffset) {}

    /** A record that cannot be stored, on its way to the dead-letter topic. */
    public record Rejected(String topic, int partition, long offset, String key, byte[] value, String reason) {}

    private final List<Entry> history = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private final Map<String, Entry> latestByKey = new LinkedHashMap<>();
    private final Map<String, TownRegistered> townsByCode = new LinkedHashMap<>();
    private final Map<String, Position> positions = new LinkedHashMap<>();
    private final List<EvidenceEntry> evidence = new ArrayList<>();
    private final Map<String, EvidenceEntry> latestEvidenceByKey = new LinkedHashMap<>();

    public void addSnapshot(Entry entry) {
        history.add(entry);
        latestByKey.put(entry.key(), entry);
    }

    public void addEvidence(EvidenceEntry entry) {
        evidence.add(entry);
        latestEvidenceByKey.put(entry.key(), entry);
    }

    /** Every evidence record, for the history, in the order read. */
    public List<EvidenceEntry> evidence() {
        return evidence;
    }

    /** The last evidence record per item, for the current table. */
    public Collection<EvidenceEntry> latestEvidencePerKey() {
        return latestEvidenceByKey.values();
    }

    public void addTown(TownRegistered town) {
        townsByCode.put(town.getTownCode(), town);
    }

    /** A record read that cannot be stored: it goes to the dead-letter topic before the batch's offsets move past it. */
    public void reject(Rejected record) {
        rejected.add(record);
    }

    /** Records that a record at this offset was consumed, whatever became of it. */
    public void consumed(String topic, int partition, long offset) {
        positions.put(topic + '-' + partition, new Position(topic, partition, offset + 1));
    }

    public List<Entry> history() {
        return history;
    }

    public Collection<Entry> latestPerKey() {
        return latestByKey.values();
    }

    public Collection<TownRegistered> towns() {
        return townsByCode.values();
    }

    public Collection<Position> positions() {
        return positions.values();
    }

    /** Refused records still to be sent; the sender clears it. */
    public List<Rejected> rejected() {
        return rejected;
    }

    /**
     * Only the town reference data and the evidence, without offsets: written first when a batch
     * is taken apart (the search for a refused record halves the snapshots only).
     */
    public SinkBatch townsOnly() {
        SinkBatch towns = new SinkBatch();
        townsByCode.values().forEach(towns::addTown);
        evidence.forEach(towns::addEvidence);
        return towns;
    }

    /**
     * The snapshots in two batches, the first half and the second in the order read, each with the
     * offsets of its own snapshots only (the towns and the batch's own offsets are left to
     * {@link #townsOnly()} and {@link #offsetsOnly()}); one batch for a single snapshot, none for
     * none. To find the records a database refuses by halving: about 2·log₂ n writes for one bad
     * record in n, where writing each alone took n, so that a big batch costs little more to repair.
     */
    public List<SinkBatch> halves() {
        if (history.size() <= 1) {
            return history.isEmpty() ? List.of() : List.of(snapshots(history));
        }
        int middle = history.size() / 2;
        return List.of(snapshots(history.subList(0, middle)), snapshots(history.subList(middle, history.size())));
    }

    private static SinkBatch snapshots(List<Entry> entries) {
        SinkBatch part = new SinkBatch();
        for (Entry entry : entries) {
            part.addSnapshot(entry);
            part.consumed(Topics.INDICATORS.name(), entry.partition(), entry.offset());
        }
        return part;
    }

    /**
     * The same work in up to {@code parts} batches by snapshot partition ({@code partition % parts}),
     * towns with the first: each can commit in a transaction of its own, in parallel, because no
     * two partitions share a history row, a current row (a key always goes to one partition) or an
     * offset. Empty parts are left out.
     */
    public List<SinkBatch> byPartition(int parts) {
        if (parts <= 1) {
            return List.of(this);
        }
        SinkBatch[] split = new SinkBatch[parts];
        for (int i = 0; i < parts; i++) {
            split[i] = new SinkBatch();
        }
        townsByCode.values().forEach(split[0]::addTown);
        history.forEach(entry -> split[entry.partition() % parts].addSnapshot(entry));
        evidence.forEach(entry -> split[entry.partition() % parts].addEvidence(entry));
        for (Map.Entry<String, Position> position : positions.entrySet()) {
            boolean snapshots = position.getValue().topic().equals(Topics.INDICATORS.name())
                    || position.getValue().topic().equals(Topics.EVIDENCE.name());
            split[snapshots ? position.getValue().partition() % parts : 0].positions.put(position.getKey(), position.getValue());
        }
        List<SinkBatch> withWork = Arrays.stream(split).filter(SinkBatch::hasWork).toList();
        return withWork.isEmpty() ? List.of(this) : withWork;
    }

    /** Only the offsets: moves past records without storing them. */
    public SinkBatch offsetsOnly() {
        SinkBatch offsets = new SinkBatch();
        offsets.positions.putAll(positions);
        return offsets;
    }

    public int size() {
        return history.size() + townsByCode.size() + evidence.size();
    }

    private boolean hasWork() {
        return !positions.isEmpty() || !history.isEmpty() || !townsByCode.isEmpty() || !evidence.isEmpty();
    }

    public boolean isEmpty() {
        return positions.isEmpty();
    }
}
