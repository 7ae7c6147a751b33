package cn.fazhi.pulse.schemas;

import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Why a record was refused and where it came from, carried in the headers of its record on
 * {@link Topics#DEAD_LETTERS} beside the raw bytes or text, so that a person can read and fix it
 * and the topology can count it against its town. Every stage that refuses input builds one of these.
 *
 * @param stage where it was refused
 * @param source the topic, file or request it came from
 * @param position its offset ({@code partition@offset}) or line there, when known
 * @param townCode the town, when it could be read, so that the rejection counts against it
 * @param reason the reason, in Chinese and English
 * @param subject what the refused record is about, so that the same row refused again counts once
 *     and its fix stops it counting; null when nothing identifies it (it then counts on its own)
 */
public record DeadLetter(Stage stage, String source, String position, String townCode, String reason, RejectionSubject subject) {

    /** The header names, part of the dead-letter topic's contract. */
    public static final String REASON = "fazhi.reason";
    public static final String STAGE = "fazhi.stage";
    public static final String SOURCE = "fazhi.source";
    public static final String POSITION = "fazhi.position";
    public static final String TOWN = "fazhi.town";

    /** Where a record was refused; {@link #wireName()} is what the header carries. */
    public enum Stage {
        /** A ledger row refused by the importer. */
        IMPORT("import"),
        /** An event refused by the HTTP ingest. */
        HTTP("http"),
        /** A record the topology could not decode, that broke a rule, or that made a rule fail. */
        STREAMS("streams"),
        /** A snapshot the database refused. */
        SINK("sink");

        private final String wireName;

        Stage(String wireName) {
            this.wireName = wireName;
        }

        public String wireName() {
            return wireName;
        }

        /** The stage a header names, or null for a name this version does not know. */
        public static Stage ofWireName(String name) {
            return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst().orElse(null);
        }
    }

    public DeadLetter {
        if (stage == null) {
            throw new IllegalArgumentException("a dead letter needs the stage that refused it");
        }
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a dead letter needs a reason");
        }
        townCode = townCode != null && TownCode.isValid(townCode) ? townCode : null;
    }

    /** A dead letter about nothing that identifies it: it counts on its own. */
    public DeadLetter(Stage stage, String source, String position, String townCode, String reason) {
        this(stage, source, position, townCode, reason, null);
    }

    public DeadLetter withSubject(RejectionSubject about) {
        return new DeadLetter(stage, source, position, townCode, reason, about);
    }

    /** Writes this dead letter's headers (absent fields are left out). */
    public Headers writeTo(Headers headers) {
        TextHeaders.add(headers, REASON, reason);
        TextHeaders.add(headers, STAGE, stage.wireName());
        TextHeaders.add(headers, SOURCE, source);
        TextHeaders.add(headers, POSITION, position);
        TextHeaders.add(headers, TOWN, townCode);
        if (subject != null) {
            subject.writeTo(headers);
        }
        return headers;
    }

    public Headers headers() {
        return writeTo(new RecordHeaders());
    }

    /** The record for {@link Topics#DEAD_LETTERS}: the refused bytes, keyed as given, with these headers. */
    public ProducerRecord<String, byte[]> record(String key, byte[] value) {
        return new ProducerRecord<>(Topics.DEAD_LETTERS.name(), null, key, value, headers());
    }

    /** The town a dead letter's headers name, or null: all the topology needs to count it. */
    public static String townOf(Headers headers) {
        String town = TextHeaders.get(headers, TOWN);
        return town != null && TownCode.isValid(town) ? town : null;
    }

    /** Reads a dead letter back from its headers; a stage this version does not know reads as null-safe {@link Stage#STREAMS}. */
    public static DeadLetter from(Headers headers) {
        Stage stage = Stage.ofWireName(TextHeaders.get(headers, STAGE));
        String reason = TextHeaders.get(headers, REASON);
        return new DeadLetter(stage == null ? Stage.STREAMS : stage, TextHeaders.get(headers, SOURCE),
                TextHeaders.get(headers, POSITION), TextHeaders.get(headers, TOWN), reason == null || reason.isBlank() ? "（无原因）/ (no reason given)" : reason,
                RejectionSubject.from(headers));
    }
}
