package cn.fazhi.pulse.streams.domain;

import cn.fazhi.pulse.events.AgreementForm;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.schemas.indicators.Measure;
import java.util.List;
import java.util.Optional;

/** People's mediation (人民调解), attributed to the month of acceptance (cohort). */
public final class MediationRules implements EntityRules {

    @Override
    public Contribution contribute(List<Fact> facts) {
        Optional<MediationAccepted> accepted = EntityRules.latest(facts, MediationAccepted.class);
        if (accepted.isEmpty()) {
            return Contribution.NONE; // a conclusion waits for its acceptance; see DataQualityRules
        }
        MediationAccepted opening = accepted.get();
        Optional<MediationConcluded> concluded = EntityRules.latest(facts, MediationConcluded.class);
        Measures.Builder m = Measures.builder()
                .count(Measure.MEDIATION_ACCEPTED)
                .count(Measure.MEDIATION_DISPUTE_PREFIX + opening.getDisputeType());
        if (concluded.isEmpty()) {
            m.count(Measure.MEDIATION_PENDING);
        } else {
            MediationConcluded c = concluded.get();
            boolean success = c.getOutcome() == MediationOutcome.SUCCESS;
            m.countIf(success, Measure.MEDIATION_SUCCEEDED)
                    .countIf(!success, Measure.MEDIATION_FAILED)
                    .countIf(success && c.getAgreementForm() == AgreementForm.WRITTEN, Measure.MEDIATION_WRITTEN)
                    .countIf(success && c.getAgreementForm() == AgreementForm.ORAL, Measure.MEDIATION_ORAL)
                    .countIf(c.getEscalatedToCriminal(), Measure.MEDIATION_ESCALATED);
        }
        Bucket cohort = new Bucket(opening.getTownCode(), Periods.monthOf(opening.getOccurredAt()));
        return Contribution.builder().add(cohort, m.build()).build();
    }
}
