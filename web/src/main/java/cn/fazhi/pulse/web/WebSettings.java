package cn.fazhi.pulse.web;

/**
 * @param port HTTP port (0 = any free port)
 * @param maxRequestBytes largest {@code POST /api/events} body; larger ones get 413 and nothing is published
 * @param maxEventsPerRequest most events in one request
 * @param streamsGroup the streams application id, whose progress {@code /metrics} reports
 * @param sinkGroup the sink's consumer group, likewise
 */
public record WebSettings(int port, long maxRequestBytes, int maxEventsPerRequest, String streamsGroup, String sinkGroup) {
    public static final long DEFAULT_MAX_REQUEST_BYTES = 10L << 20;
    public static final int DEFAULT_MAX_EVENTS = 50_000;
    /** The floor of {@link #maxLedgerBytes}: a 50,000-row ledger as .xlsx is a few MB, as .csv somewhat more. */
    public static final long MIN_LEDGER_BYTES = 20L << 20;

    /** The largest {@code POST /api/ledgers} upload, all files together: twice the request limit, at least 20 MB; larger ones get 413. */
    public long maxLedgerBytes() {
        return Math.max(MIN_LEDGER_BYTES, 2 * maxRequestBytes);
    }
}
