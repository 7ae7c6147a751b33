package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.events.PetitionAccepted;
import cn.fazhi.pulse.events.PetitionCategory;
import cn.fazhi.pulse.events.PetitionClosed;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.events.Satisfaction;
import cn.fazhi.pulse.schemas.indicators.Measure;
import java.util.List;
import java.util.Optional;

/**
 * Petitions (信访), attributed to the month of receipt (cohort), except closures in the period
 * (flow). Deadlines: accepted within 15 days of receipt, closed within 60 days of acceptance.
 */
public final class PetitionRules implements EntityRules {
    public static final long ACCEPT_WITHIN_DAYS = 15;
    public static final long CLOSE_WITHIN_DAYS = 60;

    @Override
    public Contribution contribute(List<Fact> facts) {
        Optional<PetitionReceived> received = EntityRules.latest(facts, PetitionReceived.class);
        if (received.isEmpty()) {
            return Contribution.NONE;
        }
        PetitionReceived receipt = received.get();
        Optional<PetitionAccepted> accepted = EntityRules.latest(facts, PetitionAccepted.class);
        Optional<PetitionClosed> closed = EntityRules.latest(facts, PetitionClosed.class);
        boolean initial = receipt.getCategory() == PetitionCategory.INITIAL;
        boolean backlog = receipt.getCategory() == PetitionCategory.BACKLOG;
        boolean acceptedOnTime = accepted.isPresent()
                && Periods.daysBetween(receipt.getOccurredAt(), accepted.get().getOccurredAt()) <= ACCEPT_WITHIN_DAYS;
        Measures.Builder cohort = Measures.builder()
                .count(Measure.PETITION_RECEIVED)
                .countIf(initial, Measure.PETITION_INITIAL_RECEIVED)
                .countIf(backlog, Measure.PETITION_BACKLOG_RECEIVED)
                .countIf(acceptedOnTime, Measure.PETITION_ACCEPTED_ON_TIME);
        Contribution.Builder contribution = Contribution.builder();
        closed.ifPresent(close -> {
            boolean closedOnTime = accepted.isPresent()
                    && Periods.daysBetween(accepted.get().getOccurredAt(), close.getOccurredAt()) <= CLOSE_WITHIN_DAYS;
            boolean rated = close.getSatisfaction() != Satisfaction.NO_RESPONSE;
            cohort.count(Measure.PETITION_CLOSED)
                    .countIf(closedOnTime, Measure.PETITION_CLOSED_ON_TIME)
                    .countIf(close.getSatisfaction() == Satisfaction.SATISFIED, Measure.PETITION_SATISFIED)
                    .countIf(rated, Measure.PETITION_RATED)
                    .countIf(initial && close.getResolved(), Measure.PETITION_INITIAL_RESOLVED)
                    .countIf(backlog && close.getResolved(), Measure.PETITION_BACKLOG_RESOLVED);
            contribution.add(Bucket.of(close.getTownCode(), close.getOccurredAt()),
                    Measures.builder().count(Measure.PETITION_CLOSED_IN_PERIOD).build());
        });
        return contribution.add(Bucket.of(receipt.getTownCode(), receipt.getOccurredAt()), cohort.build()).build();
    }
}
