package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.sink.internal.SqlErrors;

/**
 * Stores a batch the database refused, without the records it refuses: the towns alone, then the
 * snapshots in halves, and halves of each half that fails, until a refused snapshot is alone; it
 * is set aside and its offset stored, so that it is not read again. About 2·log₂ n writes for one
 * bad record in n, where writing each alone took n: a big batch costs little more to repair.
 *
 * <p>Taking a batch apart helps only while the database refuses records: any other failure ends
 * the search, and the batch is read again later.
 */
final class RefusedRecordSearch {

    /** Where a refused snapshot goes (the dead-letter topic), with the reason; must be stored before returning. */
    @FunctionalInterface
    interface SetAside {
        void refused(SinkBatch.Entry entry, String reason);
    }

    private final BatchWrite write;
    private final SetAside setAside;
    private final String databaseUrl;

    RefusedRecordSearch(BatchWrite write, SetAside setAside, String databaseUrl) {
        this.write = write;
        this.setAside = setAside;
        this.databaseUrl = databaseUrl;
    }

    /**
     * Stores everything in the batch the database takes, sets aside what it refuses, and moves the
     * offsets past the whole batch (past its tombstones and undecodable records too).
     *
     * @return the snapshots stored
     */
    long store(SinkBatch batch) {
        try {
            write.write(batch.townsOnly());
        } catch (RuntimeException e) {
            requireRefusal(e);
            throw new PermanentSinkException("the database refused town reference data or evidence: " + SqlErrors.rootMessage(e), e);
        }
        long stored = 0;
        for (SinkBatch half : batch.halves()) {
            stored += writeOrHalve(half);
        }
        write.write(batch.offsetsOnly());
        return stored;
    }

    private long writeOrHalve(SinkBatch part) {
        try {
            write.write(part);
            return part.history().size();
        } catch (RuntimeException e) {
            requireRefusal(e);
            if (part.history().size() == 1) {
                setAside.refused(part.history().get(0), "数据库拒绝写入 / the database refused it: " + SqlErrors.rootMessage(e));
                write.write(part.offsetsOnly());
                return 0;
            }
            long stored = 0;
            for (SinkBatch half : part.halves()) {
                stored += writeOrHalve(half);
            }
            return stored;
        }
    }

    private void requireRefusal(RuntimeException e) {
        if (!(SqlErrors.toSinkException(e, databaseUrl) instanceof RecordRefusedException)) {
            throw new RetriableSinkException("database failed while isolating a bad record: " + SqlErrors.rootMessage(e), e);
        }
    }
}
