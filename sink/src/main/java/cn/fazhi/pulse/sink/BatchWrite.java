package cn.fazhi.pulse.sink;

/** Stores one batch, all of it or nothing: {@link SnapshotWriter#write}, as the layers above see it. */
@FunctionalInterface
interface BatchWrite {
    void write(SinkBatch batch);
}
