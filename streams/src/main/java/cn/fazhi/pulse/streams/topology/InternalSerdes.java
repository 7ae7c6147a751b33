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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
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
 *
 * <p>Written by hand rather than as Avro schemas because figures are encoded and decoded on every
 * store write and repartition of the hot path. A released format never changes: a change to what
 * is written needs a new version byte, a reader kept for every earlier version, and a new frozen
 * file of its bytes beside the others in {@code src/test/resources/internal-formats}, which
 * {@code InternalFormatsTest} reads (and checks that today's writer still writes byte for byte).
 */
final class InternalSerdes {
    private static final byte FORMAT_V1 = 1;
    /** Figures with measure names as dictionary codes and values as varlongs: the hot path's format. */
    private static final byte FIGURES_V2 = 2;
    private InternalSerdes() {}

    static Serde<Figures> figures() {
        return Serdes.serdeFrom((topic, figures) -> FiguresCodec.write(figures), (topic, bytes) -> {
            if (bytes != null && bytes.length > 0 && bytes[0] == FORMAT_V1) {
                return readFiguresV1(bytes);
            }
            return FiguresCodec.read(bytes);
        });
    }

    /**
     * Format 2, written and read straight on a byte array: figures cross the store caches and the
     * repartition topic several times per event, so this is the topology's hottest code. Layout:
     * format byte, then zig-zag varints (as Kafka's ByteUtils writes them): as_of millis, count, and
     * per measure its code (0 = a name the dictionary does not know, followed by that name as a
     * two-byte length and UTF-8, as DataOutput.writeUTF writes ASCII) and value.
     */
    private static final class FiguresCodec implements Measures.Visitor {
        private byte[] buffer = new byte[128];
        private int position;

        static byte[] write(Figures figures) {
            FiguresCodec codec = new FiguresCodec();
            codec.buffer[codec.position++] = FIGURES_V2;
            codec.writeZigZag(figures.asOf().toEpochMilli());
            codec.writeZigZag(figures.measures().size());
            figures.measures().forEach(codec);
            return Arrays.copyOf(codec.buffer, codec.position);
        }

        @Override
        public void visit(int code, String name, long value) {
            writeZigZag(code);
            if (code == 0) {
                byte[] utf = name.getBytes(StandardCharsets.UTF_8);
                ensure(2 + utf.length);
                buffer[position++] = (byte) (utf.length >>> 8);
                buffer[position++] = (byte) utf.length;
                System.arraycopy(utf, 0, buffer, position, utf.length);
                position += utf.length;
            }
            writeZigZag(value);
        }

        private void writeZigZag(long value) {
            long unsigned = (value << 1) ^ (value >> 63);
            ensure(10);
            while ((unsigned & ~0x7FL) != 0) {
                buffer[position++] = (byte) ((unsigned & 0x7F) | 0x80);
                unsigned >>>= 7;
            }
            buffer[position++] = (byte) unsigned;
        }

        private void ensure(int more) {
            if (position + more > buffer.length) {
                buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + more));
            }
        }

        static Figures read(byte[] bytes) {
            if (bytes == null) {
                return null;
            }
            if (bytes.length == 0 || bytes[0] != FIGURES_V2) {
                throw new SerializationException("internal state format " + (bytes.length == 0 ? "(empty)" : bytes[0]) + " is newer than this release reads");
            }
            int[] at = {1};
            Instant asOf = Instant.ofEpochMilli(readZigZag(bytes, at));
            long size = readZigZag(bytes, at);
            Measures.Builder measures = Measures.builder();
            for (long i = 0; i < size; i++) {
                int code = (int) readZigZag(bytes, at);
                String name = null;
                if (code == 0) {
                    int length = ((bytes[at[0]] & 0xFF) << 8) | (bytes[at[0] + 1] & 0xFF);
                    name = new String(bytes, at[0] + 2, length, StandardCharsets.UTF_8);
                    at[0] += 2 + length;
                }
                measures.add(code, name, readZigZag(bytes, at));
            }
            return new Figures(measures.build(), asOf);
        }

        private static long readZigZag(byte[] bytes, int[] at) {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at[0] >= bytes.length) {
                    throw new SerializationException("internal state ends inside a number");
                }
                byte b = bytes[at[0]++];
                value |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return (value >>> 1) ^ -(value & 1);
                }
            }
            throw new SerializationException("internal state holds a number longer than 64 bits");
        }
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

    /** Entity facts with each event's submitter (format 1 had none; it is still read). */
    private static final byte FACTS_V2 = 2;

    static Serde<EntityFacts> entityFacts(SingleObjectAvroSerde<SpecificRecord> events) {
        return Serdes.serdeFrom((topic, facts) -> write(FACTS_V2, out -> {
            out.writeInt(facts.all().size());
            for (Fact fact : facts.all()) {
                byte[] event = events.serialize(fact.event());
                out.writeLong(fact.arrivedAt().toEpochMilli());
                out.writeInt(event.length);
                out.write(event);
                out.writeBoolean(fact.submitter() != null);
                if (fact.submitter() != null) {
                    out.writeUTF(fact.submitter());
                }
            }
            out.writeInt(facts.superseded().size());
            for (var entry : facts.superseded().entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().size());
                for (long fingerprint : entry.getValue()) {
                    out.writeLong(fingerprint);
                }
            }
        }), (topic, bytes) -> {
            byte format = bytes != null && bytes.length > 0 ? bytes[0] : FACTS_V2;
            return read(bytes, format == FORMAT_V1 ? FORMAT_V1 : FACTS_V2, in -> {
                int size = in.readInt();
                List<Fact> facts = new ArrayList<>(size);
                for (int i = 0; i < size; i++) {
                    Instant arrivedAt = Instant.ofEpochMilli(in.readLong());
                    byte[] event = in.readNBytes(in.readInt());
                    String submitter = format != FORMAT_V1 && in.readBoolean() ? in.readUTF() : null;
                    facts.add(new Fact(events.deserialize(event), arrivedAt, submitter));
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
            });
        });
    }

    /** Rejections and valid events on their way to the subjects they concern, and the subjects kept. */
    private static final byte SUBJECT_SIGNAL_V1 = 1;
    private static final byte REJECTED = 'R';
    private static final byte VALID = 'V';

    static Serde<SubjectSignal> subjectSignals() {
        return Serdes.serdeFrom((topic, signal) -> write(SUBJECT_SIGNAL_V1, out -> {
            if (signal instanceof SubjectSignal.Valid valid) {
                out.writeByte(VALID);
                writeText(out, valid.eventId());
            } else {
                SubjectSignal.Rejected rejected = (SubjectSignal.Rejected) signal;
                out.writeByte(REJECTED);
                writeText(out, rejected.subjectId());
                writeText(out, rejected.townCode());
                out.writeLong(rejected.arrivedAt().toEpochMilli());
                writeText(out, rejected.evidenceKey());
                writeText(out, rejected.source());
                writeText(out, rejected.position());
                writeText(out, rejected.reason());
            }
        }), (topic, bytes) -> read(bytes, SUBJECT_SIGNAL_V1, in -> {
            byte tag = in.readByte();
            if (tag == VALID) {
                return new SubjectSignal.Valid(readText(in));
            }
            if (tag != REJECTED) {
                throw new SerializationException("a subject signal of kind " + tag + " is newer than this release reads");
            }
            return new SubjectSignal.Rejected(readText(in), readText(in), Instant.ofEpochMilli(in.readLong()), readText(in),
                    readText(in), readText(in), readText(in));
        }));
    }

    @SuppressWarnings("unchecked")
    static Serde<SubjectSignal.Rejected> rejectedSubjects() {
        return (Serde<SubjectSignal.Rejected>) (Serde<?>) subjectSignals();
    }

    /** A nullable string of any length (a reason can outgrow writeUTF's limit). */
    private static void writeText(DataOutputStream out, String text) throws IOException {
        if (text == null) {
            out.writeInt(-1);
            return;
        }
        byte[] utf = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf.length);
        out.write(utf);
    }

    private static String readText(DataInputStream in) throws IOException {
        int length = in.readInt();
        return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
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
