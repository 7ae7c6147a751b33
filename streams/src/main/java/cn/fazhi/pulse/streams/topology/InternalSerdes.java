package cn.fazhi.pulse.streams.topology;

import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import cn.fazhi.pulse.streams.domain.EntityFacts;
import cn.fazhi.pulse.streams.domain.Fact;
import cn.fazhi.pulse.streams.domain.Measures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.kafka.common.utils.ByteUtils;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Serdes of the topology's state stores and repartition topic. Each format starts with a version
 * byte, so a later release can read what an earlier one left in its stores; events inside entity
 * state keep their Avro single-object encoding and so their schema version.
 */
final class InternalSerdes {
    private static final byte FORMAT_V1 = 1;
    /** Figures with measure names as dictionary codes and values as varlongs: the hot path's format. */
    private static final byte FIGURES_V2 = 2;
    private InternalSerdes() {}

    static Serde<Figures> figures() {
        return Serdes.serdeFrom((topic, figures) -> write(FIGURES_V2, out -> {
            ByteUtils.writeVarlong(figures.asOf().toEpochMilli(), out);
            int[] count = {0};
            figures.measures().forEach((code, name, value) -> count[0]++);
            ByteUtils.writeVarint(count[0], out);
            IOException[] failure = {null};
            figures.measures().forEach((code, name, value) -> {
                try {
                    ByteUtils.writeVarint(code, out); // 0: a measure the dictionary does not know, by name
                    if (code == 0) {
                        out.writeUTF(name);
                    }
                    ByteUtils.writeVarlong(value, out);
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            if (failure[0] != null) {
                throw failure[0];
            }
        }), (topic, bytes) -> {
            if (bytes != null && bytes.length > 0 && bytes[0] == FORMAT_V1) {
                return readFiguresV1(bytes);
            }
            return read(bytes, FIGURES_V2, in -> {
                Instant asOf = Instant.ofEpochMilli(ByteUtils.readVarlong(in));
                int size = ByteUtils.readVarint(in);
                Measures.Builder measures = Measures.builder();
                for (int i = 0; i < size; i++) {
                    int code = ByteUtils.readVarint(in);
                    String name = code == 0 ? in.readUTF() : null;
                    measures.add(code, code == 0 ? name : cn.fazhi.pulse.streams.domain.MeasureCodes.name(code), ByteUtils.readVarlong(in));
                }
                return new Figures(measures.build(), asOf);
            });
        });
    }

    /** The first format, still read so that state written by it survives an upgrade. */
    private static Figures readFiguresV1(byte[] bytes) {
        return read(bytes, FORMAT_V1, in -> {
            Instant asOf = Instant.ofEpochMilli(in.readLong());
            int size = in.readInt();
            TreeMap<String, Long> values = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                values.put(in.readUTF(), in.readLong());
            }
            return new Figures(Measures.of(values), asOf);
        });
    }

    static Serde<EntityFacts> entityFacts(SingleObjectAvroSerde<SpecificRecord> events) {
        return Serdes.serdeFrom((topic, facts) -> write(FORMAT_V1, out -> {
            out.writeInt(facts.all().size());
            for (Fact fact : facts.all()) {
                byte[] event = events.serialize(fact.event());
                out.writeLong(fact.arrivedAt().toEpochMilli());
                out.writeInt(event.length);
                out.write(event);
            }
            out.writeInt(facts.superseded().size());
            for (var entry : facts.superseded().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().size());
                for (long fingerprint : entry.getValue()) {
                    out.writeLong(fingerprint);
                }
            }
        }), (topic, bytes) -> read(bytes, FORMAT_V1, in -> {
            int size = in.readInt();
            List<Fact> facts = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                Instant arrivedAt = Instant.ofEpochMilli(in.readLong());
                byte[] event = in.readNBytes(in.readInt());
                facts.add(new Fact(events.deserialize(event), arrivedAt));
            }
            int supersededCount = in.readInt();
            Map<String, Set<Long>> superseded = new LinkedHashMap<>();
            for (int i = 0; i < supersededCount; i++) {
                String eventId = in.readUTF();
                int versions = in.readInt();
                Set<Long> fingerprints = new LinkedHashSet<>();
                for (int v = 0; v < versions; v++) {
                    fingerprints.add(in.readLong());
                }
                superseded.put(eventId, fingerprints);
            }
            return EntityFacts.of(facts, superseded);
        }));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(byte format, Writer writer) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(format);
            writer.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new SerializationException("cannot write internal state", e);
        }
    }

    private static <T> T read(byte[] bytes, byte format, Reader<T> reader) {
        if (bytes == null) {
            return null;
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
            byte version = in.readByte();
            if (version != format) {
                throw new SerializationException("internal state format " + version + " is newer than this release reads");
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new SerializationException("cannot read internal state", e);
        }
    }
}
