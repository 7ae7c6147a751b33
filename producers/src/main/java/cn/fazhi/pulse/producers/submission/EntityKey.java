package cn.fazhi.pulse.producers.submission;

/** One entity of a ledger, as the pipeline keys it: its town, its kind ({@code mediation}, …) and its id. */
public record EntityKey(String townCode, String kind, String entityId) {

    @Override
    public String toString() {
        return townCode + '|' + kind + '|' + entityId;
    }
}
