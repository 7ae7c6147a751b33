package cn.fazhi.pulse.streams.topology;

import static cn.fazhi.pulse.streams.TestEvents.accepted;
import static cn.fazhi.pulse.streams.TestEvents.concluded;
import static cn.fazhi.pulse.streams.TestEvents.retraction;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import cn.fazhi.pulse.streams.domain.EntityFacts;
import cn.fazhi.pulse.streams.domain.Fact;
import cn.fazhi.pulse.streams.domain.Measures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * Every format of internal state this or an earlier release wrote, frozen as bytes in
 * {@code src/test/resources/internal-formats}: state left in a store or on the repartition topic
 * by a release must read the same in every later one, and today's writer must still write the
 * format it claims. A format change needs a new version byte and a new frozen file beside these;
 * the files of released formats are never rewritten.
 */
class InternalFormatsTest {
    private static final Instant AS_OF = Instant.parse("2020-03-19T16:00:00Z");
    private static final Instant ARRIVED = Instant.parse("2020-12-31T00:00:00Z");

    /** Known measures, one the dictionary does not know, a negative change and the extremes of a long. */
    static final Figures FIGURES = new Figures(Measures.of(Map.of(
            "mediation.accepted", 139L,
            "mediation.succeeded", -3L,
            "enforcement.fines_yuan", Long.MAX_VALUE,
            "coverage.villages_covered", Long.MIN_VALUE + 1,
            "some.future_measure", 7L)), AS_OF);

    /** An accepted and a concluded mediation, a retraction, and a corrected version remembered by fingerprint. */
    static EntityFacts entityFacts() {
        List<Fact> facts = List.of(
                new Fact(accepted("m-1", "2020-03-02"), ARRIVED),
                new Fact(concluded("m-1", "2020-03-20", "SUCCESS", "WRITTEN"), ARRIVED.plusSeconds(60)),
                new Fact(retraction("m-1-x", "MediationConcluded", "m-1", "2020-03-25"), ARRIVED.plusSeconds(120)));
        Set<Long> superseded = new LinkedHashSet<>(List.of(-4_611_686_018_427_387_904L, 42L));
        return EntityFacts.of(facts, Map.of("m-1-c", superseded));
    }

    @Test
    void shouldReadTheFrozenFiguresOfFormat2AndWriteThemByteForByte() {
        byte[] frozen = frozen("figures-v2.hex");
        Serde<Figures> serde = InternalSerdes.figures();

        assertThat(serde.deserializer().deserialize("t", frozen)).isEqualTo(FIGURES);
        assertThat(serde.serializer().serialize("t", FIGURES)).isEqualTo(frozen);
    }

    @Test
    void shouldReadTheFrozenFiguresOfFormat1WhichNoLongerIsWritten() {
        Figures written = new Figures(Measures.of(Map.of("mediation.accepted", 139L, "some.future_measure", -7L)), AS_OF);

        assertThat(InternalSerdes.figures().deserializer().deserialize("t", frozen("figures-v1.hex"))).isEqualTo(written);
    }

    /** The same facts with the submitters ingest recorded: an account id for two of them. */
    static EntityFacts entityFactsWithSubmitters() {
        List<Fact> facts = List.of(
                new Fact(accepted("m-1", "2020-03-02"), ARRIVED, "account-17"),
                new Fact(concluded("m-1", "2020-03-20", "SUCCESS", "WRITTEN"), ARRIVED.plusSeconds(60), null),
                new Fact(retraction("m-1-x", "MediationConcluded", "m-1", "2020-03-25"), ARRIVED.plusSeconds(120), "account-3"));
        return EntityFacts.of(facts, entityFacts().superseded());
    }

    @Test
    void shouldReadTheFrozenEntityFactsOfFormat1WhichNoLongerIsWritten() {
        byte[] frozen = frozen("entity-facts-v1.hex");
        Serde<EntityFacts> serde = InternalSerdes.entityFacts(SingleObjectAvroSerde.anyRecord());

        EntityFacts read = serde.deserializer().deserialize("t", frozen);

        assertThat(read).isEqualTo(entityFacts());
        assertThat(read.all()).extracting(Fact::arrivedAt).containsExactly(ARRIVED, ARRIVED.plusSeconds(60), ARRIVED.plusSeconds(120));
        assertThat(read.all()).extracting(Fact::submitter).containsOnlyNulls();
    }

    @Test
    void shouldReadTheFrozenEntityFactsOfFormat2AndWriteThemByteForByte() {
        byte[] frozen = frozen("entity-facts-v2.hex");
        Serde<EntityFacts> serde = InternalSerdes.entityFacts(SingleObjectAvroSerde.anyRecord());

        EntityFacts read = serde.deserializer().deserialize("t", frozen);

        assertThat(read).isEqualTo(entityFactsWithSubmitters());
        assertThat(read.all()).extracting(Fact::submitter).containsExactly("account-17", null, "account-3");
        assertThat(serde.serializer().serialize("t", entityFactsWithSubmitters())).isEqualTo(frozen);
    }

    /** A rejection without a position (as the sink's dead letters have none), and a valid event. */
    static final SubjectSignal.Rejected REJECTED_SIGNAL = new SubjectSignal.Rejected("entity 370323106000|mediation|m-9", "370323106000",
            ARRIVED, "fazhi.dlq|0|7", "人民调解台账.xlsx", null, "受理日期：不是日期 / not a date");
    static final SubjectSignal.Valid VALID_SIGNAL = new SubjectSignal.Valid("m-9-a");

    @Test
    void shouldReadTheFrozenSubjectSignalsOfFormat1AndWriteThemByteForByte() {
        Serde<SubjectSignal> serde = InternalSerdes.subjectSignals();

        assertThat(serde.deserializer().deserialize("t", frozen("subject-signal-rejected-v1.hex"))).isEqualTo(REJECTED_SIGNAL);
        assertThat(serde.deserializer().deserialize("t", frozen("subject-signal-valid-v1.hex"))).isEqualTo(VALID_SIGNAL);
        assertThat(serde.serializer().serialize("t", REJECTED_SIGNAL)).isEqualTo(frozen("subject-signal-rejected-v1.hex"));
        assertThat(serde.serializer().serialize("t", VALID_SIGNAL)).isEqualTo(frozen("subject-signal-valid-v1.hex"));
    }

    /** A frozen file: hexadecimal digits, any whitespace between them, and lines starting with # ignored. */
    private static byte[] frozen(String name) {
        try (InputStream in = InternalFormatsTest.class.getResourceAsStream("/internal-formats/" + name)) {
            assertThat(in).as("frozen format %s", name).isNotNull();
            StringBuilder hex = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    hex.append(line.replaceAll("\\s", ""));
                }
            }
            return HexFormat.of().parseHex(hex);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
