package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.events.CaseJudged;
import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * The {@code event_id} of an event a ledger row stands for, derived from what the event is — its
 * town, its entity's kind and id, and its step in the entity's life — never from what it says.
 * Re-submitting an edited row therefore sends the same id with new content, which the pipeline
 * takes as a correction (events.md section 4), and the template forms and the entity ledgers give
 * one fact the same id, whichever a clerk used.
 *
 * <p>A retracted id can never count again, so a step withdrawn and later written again gets the
 * next <em>generation</em> of its id ({@code …-2}); only the entity ledgers, which remember what
 * was published, ever go past the first.
 */
public final class StableEventIds {
    private StableEventIds() {}

    /** {@code ldg-} and 32 hex digits of the SHA-256 of town, kind, entity and step; {@code -N} from the second generation on. */
    public static String eventId(String townCode, EntityKind kind, String entityId, String step, int generation) {
        String identity = townCode + '|' + kind.keySegment() + '|' + entityId + '|' + step;
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
            String id = "ldg-" + HexFormat.of().formatHex(hash, 0, 16);
            return generation <= 1 ? id : id + "-" + generation;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** The id of {@code event} (whose own {@code event_id} is ignored), first generation. */
    public static String eventId(SpecificRecord event) {
        EntityKind kind = EventType.entityKind(event).orElseThrow(() -> new IllegalArgumentException("retraction of an unknown event type"));
        return eventId(Events.townCode(event), kind, Events.entityId(event), step(event), 1);
    }

    /**
     * The event's step in its entity's life: {@code accepted}, {@code concluded} (mediation);
     * {@code received}, {@code accepted}, {@code closed} (petition); {@code filed},
     * {@code judged-FIRST}, {@code judged-SECOND}, {@code appealed} and one {@code hearing-DATE}
     * per hearing day (case); a state's date for a town's registration or a village adviser (each
     * is a new state); the type's name for the entities that are one event.
     */
    public static String step(SpecificRecord event) {
        EventType type = EventType.of(event);
        String instance = type == EventType.CASE_JUDGED ? ((CaseJudged) event).getInstance().name() : null;
        String retracted = type == EventType.EVENT_RETRACTED ? ((EventRetracted) event).getRetractedEventId() : null;
        return step(type, Events.occurredAt(event).atZone(ChinaTime.ZONE).toLocalDate(), instance, retracted).orElseThrow();
    }

    /**
     * The step from what a row says, for a row refused before it became an event: empty when the
     * type's step needs a value the row does not give readably (a hearing's day, a judgment's instance).
     *
     * @param day the day it occurred, or null
     * @param instance {@code FIRST} or {@code SECOND} for a judgment, else null
     * @param retractedEventId the event a retraction withdraws, else null
     */
    public static Optional<String> step(EventType type, LocalDate day, String instance, String retractedEventId) {
        return Optional.ofNullable(switch (type) {
            case MEDIATION_ACCEPTED, PETITION_ACCEPTED -> "accepted";
            case MEDIATION_CONCLUDED -> "concluded";
            case PETITION_RECEIVED -> "received";
            case PETITION_CLOSED -> "closed";
            case CASE_FILED -> "filed";
            case CASE_APPEALED -> "appealed";
            case CASE_JUDGED -> instance == null ? null : "judged-" + instance;
            case CASE_HEARING_HELD -> day == null ? null : hearingStep(day);
            case TOWN_REGISTERED, VILLAGE_ADVISOR_ASSIGNED -> day == null ? null : type.typeName() + "-" + day;
            case EVENT_RETRACTED -> retractedEventId == null ? null : "retract-" + retractedEventId;
            default -> type.typeName();
        });
    }

    /** A hearing is known by its day: two hearings of one case on one day are one hearing. */
    public static String hearingStep(java.time.LocalDate day) {
        return "hearing-" + day;
    }
}
