package cn.fazhi.pulse.store.ledger;

import java.util.List;

/** One step of an entity as a submission published it: a row of {@code ledger_step}. */
public record StoredLedgerStep(String step, String eventId, String eventType, long fingerprint, int generation, List<Long> superseded,
                               boolean withdrawn, String content) {

    public StoredLedgerStep {
        superseded = List.copyOf(superseded);
    }
}
