package cn.fazhi.pulse.store.access;

import java.time.Instant;

/**
 * One row of the audit trail: who submitted (as the server authenticated them, never as the body
 * claims), how, from where, and what became of it.
 *
 * @param tokenId the token or session the request carried
 * @param channel {@code token} (Authorization: Bearer) or {@code session} (the dashboard's cookie)
 * @param outcome {@code ACCEPTED} or {@code REFUSED}
 * @param townCode the event's town, null when a refused line names none
 */
public record Submission(Instant submittedAt, long accountId, String accountName, Long tokenId, String channel, String sourceAddress,
                         String outcome, String townCode, String eventId, String eventType, String reason) {
    public static final String ACCEPTED = "ACCEPTED";
    public static final String REFUSED = "REFUSED";
}
