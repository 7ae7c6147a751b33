package cn.fazhi.pulse.schemas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;

/**
 * What a refused record is about, carried beside its {@link DeadLetter} so that dq.rejected counts
 * what needs fixing rather than every refusal: the same bad row refused twice is one subject, and a
 * valid event for the subject arriving later is its fix. Exactly one of three forms:
 *
 * <ul>
 *   <li>an <b>entity</b> ({@code town_code|kind|entity_id}): a row of an entity ledger, which stands
 *       for the whole entity; any valid event of that entity fixes it;
 *   <li>an <b>event</b> of an entity (its key and the {@code event_id} the row would have had): a
 *       JSON event or an event-form row; the valid event with that id fixes it;
 *   <li>a <b>content</b> hash of the refused text, scoped by town, for a row without a readable
 *       identity: the identical row again is the same subject, but nothing can be seen to fix it.
 * </ul>
 *
 * A dead letter without a subject is its own subject, as every dead letter was before subjects.
 */
public record RejectionSubject(String entityKey, String eventId, String contentHash) {

    /** The header names, part of the dead-letter topic's contract. */
    public static final String ENTITY = "fazhi.subject.entity";
    public static final String EVENT = "fazhi.subject.event";
    public static final String CONTENT = "fazhi.subject.content";

    private static final ObjectMapper JSON = new ObjectMapper();

    public RejectionSubject {
        boolean identified = entityKey != null;
        if (identified == (contentHash != null) || (eventId != null && !identified)) {
            throw new IllegalArgumentException("a subject is an entity, an event of an entity, or a content hash");
        }
    }

    public static RejectionSubject ofEntity(String entityKey) {
        return new RejectionSubject(entityKey, null, null);
    }

    public static RejectionSubject ofEvent(String entityKey, String eventId) {
        return new RejectionSubject(entityKey, eventId, null);
    }

    /** The refused text itself, by town (or none), so that the same row refused again is the same subject. */
    public static RejectionSubject ofContent(String townCode, String text) {
        return new RejectionSubject(null, null, sha256((townCode == null ? "" : townCode) + '|' + text));
    }

    /**
     * The subject of a refused JSON event: its event, when its town, type, entity id and
     * {@code event_id} can be read (whatever else is wrong with it), else its content.
     */
    public static RejectionSubject ofJson(String text, String townCode) {
        return eventOfJson(text).orElseGet(() -> ofContent(townCode, text));
    }

    private static Optional<RejectionSubject> eventOfJson(String text) {
        try {
            JsonNode object = JSON.readTree(text);
            String town = object.path("town_code").asText("");
            String eventId = object.path("event_id").asText("");
            Optional<EventType> type = EventType.byName(object.path("type").asText(""));
            if (!TownCode.isValid(town) || eventId.isBlank() || type.isEmpty() || type.get().entityKind().isEmpty()) {
                return Optional.empty();
            }
            String entityId = object.path(type.get().idField()).asText("");
            if (entityId.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(ofEvent(type.get().entityKind().get().key(town, entityId), eventId));
        } catch (java.io.IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The key the topology keeps the subject under. The entity key's length is part of it, so that no
     * entity id, whatever characters it holds, makes two subjects one.
     */
    public String id() {
        if (contentHash != null) {
            return "content " + contentHash;
        }
        return eventId == null ? entityId(entityKey) : eventId(entityKey, eventId);
    }

    /** The id of the subject "the entity as a whole". */
    public static String entityId(String entityKey) {
        return "entity " + entityKey;
    }

    /** The id of the subject "this event of this entity". */
    public static String eventId(String entityKey, String eventId) {
        return "event " + entityKey.length() + ' ' + entityKey + ' ' + eventId;
    }

    /**
     * What the subject is partitioned by: its entity's key where it has one, so that it meets the
     * valid events of that entity, which are keyed so.
     */
    public String partitionKey() {
        return entityKey != null ? entityKey : id();
    }

    public Headers writeTo(Headers headers) {
        TextHeaders.add(headers, ENTITY, entityKey);
        TextHeaders.add(headers, EVENT, eventId);
        TextHeaders.add(headers, CONTENT, contentHash);
        return headers;
    }

    /** The subject a dead letter's headers name, or null when they name none (or one this version cannot read). */
    public static RejectionSubject from(Headers headers) {
        String entity = TextHeaders.get(headers, ENTITY);
        String event = TextHeaders.get(headers, EVENT);
        String content = TextHeaders.get(headers, CONTENT);
        if (entity != null && content == null) {
            return new RejectionSubject(entity, event, null);
        }
        if (entity == null && event == null && content != null) {
            return new RejectionSubject(null, null, content);
        }
        return null;
    }

    private static String sha256(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
