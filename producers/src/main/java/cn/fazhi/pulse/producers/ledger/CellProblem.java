package cn.fazhi.pulse.producers.ledger;

/** A cell that cannot be read as its column's type: the reason in both languages, kept apart. */
final class CellProblem extends IllegalArgumentException {
    private final String reasonZh;
    private final String reasonEn;

    CellProblem(String reasonZh, String reasonEn) {
        super(reasonEn);
        this.reasonZh = reasonZh;
        this.reasonEn = reasonEn;
    }

    String reasonZh() {
        return reasonZh;
    }

    String reasonEn() {
        return reasonEn;
    }
}
