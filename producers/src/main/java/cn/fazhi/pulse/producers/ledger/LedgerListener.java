package cn.fazhi.pulse.producers.ledger;

/** What reading a ledger file yields: rows of events, rows of an entity ledger, and the columns of each entity ledger. */
public interface LedgerListener {

    /** A row (or JSON line) of one event. */
    void row(LedgerRow row);

    /** A row of an entity ledger: one mediation, petition or case. */
    void entityRow(EntityLedgerRow row);

    /** The columns of an entity ledger, read and never read, once per sheet. */
    void columns(LedgerColumns columns);
}
