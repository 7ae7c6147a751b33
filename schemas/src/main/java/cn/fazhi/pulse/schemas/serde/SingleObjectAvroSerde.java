package cn.fazhi.pulse.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Avro's single-object encoding (a two-byte marker, the writer schema's 64-bit fingerprint, then
 * the binary record) for any generated record. A reader looks the fingerprint up in the
 * {@link SchemaHistory} and reads old and new versions alike into its current class.
 *
 * <p>Usable as Kafka's {@code default.value.serde}; a site with a schema registry replaces it
 * there with the registry's serde.
 */
public class SingleObjectAvroSerde<T extends SpecificRecord> implements Serde<T> {
    private static final int HEADER_LENGTH = 10;
    private static final byte MARKER_0 = (byte) 0xC3;
    private static final byte MARKER_1 = (byte) 0x01;

    private final SchemaHistory history;
    private final Class<T> expected;
    private final Map<Class<?>, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    private final Map<String, BinaryMessageDecoder<SpecificRecord>> decoders = new ConcurrentHashMap<>();

    /** For Kafka's serde settings: any record of the standard schemas. */
    @SuppressWarnings("unchecked")
    public SingleObjectAvroSerde() {
        this(SchemaHistory.standard(), (Class<T>) SpecificRecord.class);
    }

    public SingleObjectAvroSerde(SchemaHistory history, Class<T> expected) {
        this.history = history;
        this.expected = expected;
    }

    /** A serde of any record known to the standard history. */
    public static SingleObjectAvroSerde<SpecificRecord> anyRecord() {
        return new SingleObjectAvroSerde<>(SchemaHistory.standard(), SpecificRecord.class);
    }

    /** A serde of one record class, refusing messages of any other. */
    public static <R extends SpecificRecord> SingleObjectAvroSerde<R> of(Class<R> recordClass, SchemaHistory history) {
        return new SingleObjectAvroSerde<>(history, recordClass);
    }

    public byte[] serialize(T record) {
        if (record == null) {
            return null;
        }
        try {
            ByteBuffer buffer = encoders.computeIfAbsent(record.getClass(), SingleObjectAvroSerde::encoderFor).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new SerializationException("cannot encode " + record.getSchema().getFullName(), e);
        }
    }

    public T deserialize(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        Schema writer = writerSchema(bytes);
        Schema reader = history.current(writer.getFullName());
        if (reader == null) {
            throw new SerializationException("no current schema for " + writer.getFullName());
        }
        try {
            SpecificRecord record = decoders.computeIfAbsent(writer.getFullName(), name -> decoderFor(reader)).decode(bytes);
            if (!expected.isInstance(record)) {
                throw new SerializationException("expected " + expected.getSimpleName() + " but the message holds " + writer.getFullName());
            }
            return expected.cast(record);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("cannot decode a " + writer.getFullName() + " message: " + e.getMessage(), e);
        }
    }

    /**
     * The writer schema named by a message's header.
     *
     * @throws SerializationException if the bytes are not single-object encoded or the
     *     fingerprint is of no released schema
     */
    public Schema writerSchema(byte[] bytes) {
        if (bytes.length < HEADER_LENGTH || bytes[0] != MARKER_0 || bytes[1] != MARKER_1) {
            throw new SerializationException("not an Avro single-object message (no C3 01 marker)");
        }
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        Schema writer = history.findByFingerprint(fingerprint);
        if (writer == null) {
            throw new SerializationException(String.format("unknown schema fingerprint %016x: written with a schema version this reader does not have", fingerprint));
        }
        return writer;
    }

    private static BinaryMessageEncoder<SpecificRecord> encoderFor(Class<?> recordClass) {
        SpecificData model = SpecificData.getForClass(recordClass);
        return new BinaryMessageEncoder<>(model, model.getSchema(recordClass));
    }

    private BinaryMessageDecoder<SpecificRecord> decoderFor(Schema reader) {
        SpecificData model = SpecificData.getForSchema(reader);
        return new BinaryMessageDecoder<>(model, reader, history);
    }

    @Override
    public Serializer<T> serializer() {
        return (topic, record) -> serialize(record);
    }

    @Override
    public Deserializer<T> deserializer() {
        return (topic, bytes) -> deserialize(bytes);
    }
}
