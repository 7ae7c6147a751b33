package cn.fazhi.pulse.sink;

/**
 * A batch whose write failed, stored before the poll loop goes on: the database waited for, as
 * long as it is away; a record it refuses found and set aside; any other failure handed back to
 * stop the sink. The poll loop decides only how to wait (its consumer paused, in the group).
 */
final class BatchRecovery {
    private final BatchWrite attempt;
    private final Retry retry;
    private final RefusedRecordSearch search;

    /**
     * @param attempt one try at a whole batch: its undecodable records set aside, then its rows
     *     and offsets
     * @param search what to do when the database refuses something in it
     */
    BatchRecovery(BatchWrite attempt, Retry retry, RefusedRecordSearch search) {
        this.attempt = attempt;
        this.retry = retry;
        this.search = search;
    }

    /**
     * Stores the batch, whose first try failed with {@code failure}.
     *
     * @return the snapshots stored (all of the batch's but those set aside)
     * @throws SinkException when it cannot be stored: permanent (stop and say what to check), or
     *     retriable when {@code wait} gave up
     */
    long store(SinkBatch batch, RuntimeException failure, Retry.Wait wait) {
        try {
            retry.afterFailure(failure, () -> {
                attempt.write(batch);
                return null;
            }, wait);
            return batch.history().size();
        } catch (RecordRefusedException refused) {
            return search.store(batch);
        }
    }
}
