package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.events.CaseAppealed;
import cn.fazhi.pulse.events.CaseFiled;
import cn.fazhi.pulse.events.CaseJudged;
import cn.fazhi.pulse.events.Instance;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.PetitionAccepted;
import cn.fazhi.pulse.events.PetitionClosed;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.events.VillageAdvisorAssigned;
import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceAmount;
import cn.fazhi.pulse.evidence.EvidenceEvent;
import cn.fazhi.pulse.evidence.EvidenceRejection;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.indicators.Measure;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The evidence of one entity: what it adds to the figures (its {@link Contribution}, bucket by
 * bucket), where it stands, and every event held for it. Built from the same facts and the same
 * contribution the figures are made of, so the items of a figure add up to it by construction.
 * Carries ids, dates, states and amounts only.
 */
public final class EvidenceRecords {
    /** The kind of the evidence of a dead letter, and the state of one that still needs fixing. */
    public static final String REJECTED = "REJECTED";
    /** The state of a dead letter whose row has since arrived valid: it adds nothing any more. */
    public static final String FIXED = "FIXED";

    private EvidenceRecords() {}

    public static EntityEvidence of(EntityKind kind, String entityId, EntityFacts facts, Contribution contribution) {
        List<Fact> live = facts.live();
        String town = facts.all().iterator().next().townCode();
        Lifecycle lifecycle = lifecycle(kind, facts, live);
        // The constructor, not the builder: one of these is built for nearly every event, and the
        // builder validates and deep-copies every field.
        return new EntityEvidence(town, kind.name(), entityId, lifecycle.state(), lifecycle.openedAt(), lifecycle.closedAt(),
                amounts(contribution), events(facts), null);
    }

    /**
     * The evidence of one refused row that needs fixing: it adds one to dq.rejected of its town and
     * arrival month, and says where a clerk finds the row and why it was refused.
     *
     * @param position the dead letter's position on its topic, {@code partition@offset}
     * @param refused where the row was and why it was refused, as its dead letter says
     */
    public static EntityEvidence rejected(String townCode, String position, Instant arrivedAt, EvidenceRejection refused) {
        Bucket bucket = Bucket.of(townCode, arrivedAt);
        return EntityEvidence.newBuilder()
                .setRejection(refused)
                .setTownCode(townCode)
                .setKind(REJECTED)
                .setEntityId(position)
                .setState(REJECTED)
                .setOpenedAt(arrivedAt)
                .setClosedAt(null)
                .setAmounts(List.of(new EvidenceAmount(townCode, bucket.month().toString(), Measure.DQ_REJECTED, 1L)))
                .setEvents(List.of(new EvidenceEvent(position, "DeadLetter", arrivedAt, arrivedAt, null, false, false)))
                .build();
    }

    /**
     * The evidence of a dead letter whose subject has since arrived valid: the same item with nothing
     * to add, so that it leaves the list of dq.rejected as the figure falls by its one.
     */
    public static EntityEvidence fixed(String townCode, String position, Instant arrivedAt, EvidenceRejection refused, Instant fixedAt) {
        return EntityEvidence.newBuilder(rejected(townCode, position, arrivedAt, refused))
                .setState(FIXED)
                .setClosedAt(fixedAt)
                .setAmounts(List.of())
                .build();
    }

    private static List<EvidenceAmount> amounts(Contribution contribution) {
        List<EvidenceAmount> amounts = new ArrayList<>();
        for (Map.Entry<Bucket, Measures> entry : contribution.byBucket().entrySet()) {
            Bucket bucket = entry.getKey();
            entry.getValue().forEach((code, name, value) ->
                    amounts.add(new EvidenceAmount(bucket.townCode(), bucket.month().toString(), name, value)));
        }
        amounts.sort(Comparator.comparing(EvidenceAmount::getMonth).thenComparing(EvidenceAmount::getMeasure)
                .thenComparing(EvidenceAmount::getTownCode));
        return amounts;
    }

    private static List<EvidenceEvent> events(EntityFacts facts) {
        Set<String> retracted = facts.retractedIds();
        return facts.all().stream()
                .sorted(Comparator.comparing(Fact::occurredAt).thenComparing(Fact::eventId))
                .map(f -> new EvidenceEvent(f.eventId(), f.event().getSchema().getName(), f.occurredAt(), f.arrivedAt(),
                        f.submitter(), facts.superseded().containsKey(f.eventId()), retracted.contains(f.eventId())))
                .toList();
    }

    private record Lifecycle(String state, Instant openedAt, Instant closedAt) {}

    private static Lifecycle lifecycle(EntityKind kind, EntityFacts facts, List<Fact> live) {
        if (live.isEmpty()) {
            return new Lifecycle(facts.retractedIds().isEmpty() ? "WAITING" : "RETRACTED", null, null);
        }
        Instant first = live.stream().map(Fact::occurredAt).min(Comparator.naturalOrder()).orElseThrow();
        return switch (kind) {
            case MEDIATION -> opened(live, MediationAccepted.class).map(accepted -> {
                Optional<Fact> concluded = latest(live, MediationConcluded.class);
                return concluded.map(c -> new Lifecycle(((MediationConcluded) c.event()).getOutcome().name(), accepted, c.occurredAt()))
                        .orElse(new Lifecycle("ACCEPTED", accepted, null));
            }).orElse(waiting());
            case PETITION -> opened(live, PetitionReceived.class).map(received -> {
                Optional<Fact> closed = latest(live, PetitionClosed.class);
                if (closed.isPresent()) {
                    return new Lifecycle("CLOSED", received, closed.get().occurredAt());
                }
                return new Lifecycle(latest(live, PetitionAccepted.class).isPresent() ? "ACCEPTED" : "RECEIVED", received, null);
            }).orElse(waiting());
            case CASE -> opened(live, CaseFiled.class).map(filed -> {
                Optional<Fact> judged = latest(live, CaseJudged.class);
                Optional<Fact> appealed = latest(live, CaseAppealed.class);
                if (judged.isPresent()) {
                    CaseJudged j = (CaseJudged) judged.get().event();
                    boolean awaitingSecond = j.getInstance() == Instance.FIRST && appealed.isPresent();
                    String state = (j.getInstance() == Instance.FIRST ? "FIRST_" : "SECOND_") + j.getOutcome().name();
                    return awaitingSecond ? new Lifecycle("APPEALED", filed, null) : new Lifecycle(state, filed, judged.get().occurredAt());
                }
                return new Lifecycle(appealed.isPresent() ? "APPEALED" : "FILED", filed, null);
            }).orElse(waiting());
            case VILLAGE_ADVISOR -> {
                Fact newest = latest(live, VillageAdvisorAssigned.class).orElseThrow();
                boolean active = ((VillageAdvisorAssigned) newest.event()).getActive();
                yield new Lifecycle(active ? "ACTIVE" : "INACTIVE", first, active ? null : newest.occurredAt());
            }
            case TOWN -> new Lifecycle("REGISTERED", first, null);
            default -> new Lifecycle("RECORDED", first, first);
        };
    }

    private static Lifecycle waiting() {
        return new Lifecycle("WAITING", null, null);
    }

    private static Optional<Instant> opened(List<Fact> live, Class<?> opening) {
        return latest(live, opening).map(Fact::occurredAt);
    }

    /** The fact of that type that occurred last (ties: the greater event id), as the rules choose. */
    private static Optional<Fact> latest(List<Fact> live, Class<?> type) {
        return live.stream().filter(f -> type.isInstance(f.event()))
                .max(Comparator.comparing(Fact::occurredAt).thenComparing(Fact::eventId));
    }
}
