package cn.fazhi.pulse.store.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/** The append-only {@code submission_audit} table: written by the ingest, read by {@code fazhi audit}. */
public final class AuditLog {
    private final Jdbi jdbi;

    public AuditLog(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Appends the rows of one request in one transaction. */
    public void append(List<Submission> rows) {
        if (rows.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO submission_audit (submitted_at, account_id, account_name, token_id, channel, "
                    + "source_address, outcome, town_code, event_id, event_type, reason) VALUES (:at, :account, :name, :token, :channel, "
                    + ":address, :outcome, :town, :event, :type, :reason)");
            for (Submission s : rows) {
                batch.bind("at", OffsetDateTime.ofInstant(s.submittedAt(), ZoneOffset.UTC)).bind("account", s.accountId()).bind("name", s.accountName())
                        .bind("token", s.tokenId()).bind("channel", s.channel()).bind("address", truncate(s.sourceAddress(), 64))
                        .bind("outcome", s.outcome()).bind("town", s.townCode()).bind("event", s.eventId()).bind("type", s.eventType())
                        .bind("reason", truncate(s.reason(), 2000)).add();
            }
            batch.execute();
        });
    }

    /** The submissions for a town (refused lines without a town are not among them), oldest first. */
    public List<Submission> forTown(String townCode, Instant since) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM submission_audit WHERE town_code = :town AND submitted_at >= :since ORDER BY id")
                .bind("town", townCode).bind("since", OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .map((rs, ctx) -> {
                    long token = rs.getLong("token_id");
                    Long tokenId = rs.wasNull() ? null : token;
                    Timestamp at = rs.getTimestamp("submitted_at");
                    return new Submission(at.toInstant(), rs.getLong("account_id"), rs.getString("account_name"), tokenId, rs.getString("channel"),
                            rs.getString("source_address"), rs.getString("outcome"), rs.getString("town_code"), rs.getString("event_id"),
                            rs.getString("event_type"), rs.getString("reason"));
                }).list());
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
