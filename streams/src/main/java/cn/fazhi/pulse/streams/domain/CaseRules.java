package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.events.CaseAppealed;
import cn.fazhi.pulse.events.CaseFiled;
import cn.fazhi.pulse.events.CaseHearingHeld;
import cn.fazhi.pulse.events.CaseJudged;
import cn.fazhi.pulse.events.CaseKind;
import cn.fazhi.pulse.events.CaseOutcome;
import cn.fazhi.pulse.events.Instance;
import cn.fazhi.pulse.schemas.indicators.Measure;
import java.util.List;
import java.util.Optional;

/**
 * Lawsuits and administrative reconsiderations in which the town government is a party, attributed
 * to the month of filing (cohort); hearings, and appeals and remands of cases filed in an earlier
 * year, count in the month they happened (flow).
 */
public final class CaseRules implements EntityRules {

    @Override
    public Contribution contribute(List<Fact> facts) {
        Optional<CaseFiled> filed = EntityRules.latest(facts, CaseFiled.class);
        if (filed.isEmpty()) {
            return Contribution.NONE;
        }
        CaseFiled filing = filed.get();
        String town = filing.getTownCode();
        // of several judgments of one instance, the one that occurred last stands
        Optional<CaseJudged> first = EntityRules.latest(facts, CaseJudged.class, j -> j.getInstance() == Instance.FIRST);
        Optional<CaseJudged> second = EntityRules.latest(facts, CaseJudged.class, j -> j.getInstance() == Instance.SECOND);
        Optional<CaseAppealed> appeal = EntityRules.latest(facts, CaseAppealed.class);
        Contribution.Builder contribution = Contribution.builder();

        Measures.Builder cohort = Measures.builder();
        switch (filing.getCaseKind()) {
            case CIVIL -> cohort.count(Measure.CASE_CIVIL_FILED)
                    .countIf(outcome(first, CaseOutcome.WON), Measure.CASE_CIVIL_WON)
                    .countIf(outcome(first, CaseOutcome.MEDIATED), Measure.CASE_CIVIL_MEDIATED);
            case ADMINISTRATIVE_LITIGATION -> {
                Optional<CaseJudged> latest = EntityRules.latest(facts, CaseJudged.class);
                cohort.count(Measure.CASE_ADMIN_FILED)
                        .countIf(outcome(first, CaseOutcome.WON), Measure.CASE_ADMIN_WON_FIRST)
                        .countIf(first.isEmpty(), Measure.CASE_ADMIN_PENDING_FIRST)
                        .countIf(appeal.isPresent(), Measure.CASE_ADMIN_APPEALED)
                        .countIf(outcome(second, CaseOutcome.WON), Measure.CASE_ADMIN_WON_SECOND)
                        .countIf(appeal.isPresent() && second.isEmpty(), Measure.CASE_ADMIN_PENDING_SECOND)
                        .countIf(outcome(second, CaseOutcome.REMANDED), Measure.CASE_ADMIN_REMANDED)
                        .countIf(latest.isPresent(), Measure.CASE_ADMIN_JUDGED)
                        .countIf(outcome(latest, CaseOutcome.LOST), Measure.CASE_ADMIN_LOST_LATEST);
                int filedIn = Periods.yearOf(filing.getOccurredAt());
                appeal.filter(a -> Periods.yearOf(a.getOccurredAt()) > filedIn).ifPresent(a -> contribution.add(
                        Bucket.of(town, a.getOccurredAt()), Measures.builder()
                                .count(Measure.CASE_ADMIN_PRIOR_APPEALS)
                                .countIf(second.isEmpty(), Measure.CASE_ADMIN_PRIOR_PENDING_SECOND)
                                .build()));
                second.filter(j -> j.getOutcome() == CaseOutcome.REMANDED && Periods.yearOf(j.getOccurredAt()) > filedIn)
                        .ifPresent(j -> contribution.add(Bucket.of(town, j.getOccurredAt()),
                                Measures.builder().count(Measure.CASE_ADMIN_PRIOR_REMANDED).build()));
            }
            case ADMINISTRATIVE_RECONSIDERATION -> {
                Optional<CaseJudged> decision = first.isEmpty() ? second : first;
                cohort.count(Measure.CASE_RECONSIDERATION_FILED)
                        .countIf(decision.isPresent(), Measure.CASE_RECONSIDERATION_DECIDED)
                        .countIf(outcome(decision, CaseOutcome.CORRECTED), Measure.CASE_RECONSIDERATION_CORRECTED);
            }
        }
        contribution.add(Bucket.of(town, filing.getOccurredAt()), cohort.build());

        for (Fact fact : facts) {
            if (fact.event() instanceof CaseHearingHeld hearing) {
                contribution.add(Bucket.of(town, hearing.getOccurredAt()), Measures.builder()
                        .count(Measure.CASE_HEARINGS)
                        .countIf(hearing.getLeaderAppeared(), Measure.CASE_HEARINGS_WITH_LEADER)
                        .build());
            }
        }
        return contribution.build();
    }

    private static boolean outcome(Optional<CaseJudged> judgment, CaseOutcome outcome) {
        return judgment.map(j -> j.getOutcome() == outcome).orElse(false);
    }
}
