package cn.fazhi.pulse.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * One item behind a figure: an entity (or a dead letter), with what it adds to the figure's
 * numerator and denominator in the scope and period asked for.
 *
 * @param key {@code town_code|kind|entity_id}, or {@code fazhi.dlq|partition|offset}
 * @param updatedAt when the pipeline published this version of it
 * @param rejection for a refused row, where a clerk finds it and why it was refused; null for an entity
 */
public record EvidenceItem(String key, String townCode, String kind, String entityId, String state, Instant openedAt,
                           Instant closedAt, boolean inNumerator, boolean inDenominator, BigDecimal numeratorAmount,
                           BigDecimal denominatorAmount, List<Event> events, Instant updatedAt,
                           Rejection rejection) {

    /** One event of the item, as the pipeline holds it. */
    public record Event(String eventId, String type, Instant occurredAt, Instant arrivedAt, String submitter,
                        boolean corrected, boolean retracted) {}

    /** Where a refused row is (file or request, and row or line) and why it was refused. */
    public record Rejection(String source, String position, String reason) {}
}
