package cn.fazhi.pulse.store.ledger;

import java.util.List;

/** One entity of an entity ledger as the submissions left it: a row of {@code ledger_entity} and its steps. */
public record StoredLedgerEntity(String townCode, String kind, String entityId, int year, String place, List<StoredLedgerStep> steps) {

    public StoredLedgerEntity {
        steps = List.copyOf(steps);
    }
}
