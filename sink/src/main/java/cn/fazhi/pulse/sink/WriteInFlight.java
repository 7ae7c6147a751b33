package cn.fazhi.pulse.sink;

import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The one batch being written, on a thread of its own, while the poll loop reads and decodes the
 * next. Reading takes the consumer and the JVM, writing takes PostgreSQL: done in turn, each
 * waited for the other, and the sink stored well below what its writer alone stores
 * (docs/benchmarks.md, "Sink", "The defaults these figures chose").
 *
 * <p>One batch, not a queue: the loop finishes the write in flight before it starts the next, so
 * batches commit in the order they were read (no batch's offsets commit before an earlier batch's
 * rows), and what is read but not stored is never more than the batch in flight and the one read
 * ahead, which the offsets in the database leave to be read again. How a write fails is the
 * loop's business: {@link #finish()} hands the failure back with its batch, on the loop's thread.
 */
final class WriteInFlight implements AutoCloseable {
    /** How long {@link #close()} lets a write end by itself before the connections are closed under it. */
    private static final long CLOSE_PATIENCE_SECONDS = 60;

    /** A finished write: its batch, and why it failed ({@code null} when it is stored). */
    record Outcome(SinkBatch batch, RuntimeException failure) {
        boolean stored() {
            return failure == null;
        }
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "fazhi-sink-write");
        t.setDaemon(true);
        return t;
    });
    private SinkBatch batch;
    private Future<?> write;

    /** Starts writing the batch; the write before it must have been finished. */
    void start(SinkBatch batch, Consumer<SinkBatch> writeOne) {
        if (write != null) {
            throw new IllegalStateException("a batch is still being written: finish() it first");
        }
        this.batch = batch;
        this.write = thread.submit(() -> writeOne.accept(batch));
    }

    /** Waits for the write in flight and says how it ended; empty when none was in flight. */
    Optional<Outcome> finish() {
        if (write == null) {
            return Optional.empty();
        }
        Future<?> finishing = write;
        SinkBatch written = batch;
        write = null;
        batch = null;
        try {
            finishing.get();
            return Optional.of(new Outcome(written, null));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            RuntimeException failure = e.getCause() instanceof RuntimeException r
                    ? r
                    : new RetriableSinkException("a batch write failed: " + e.getCause(), e.getCause());
            return Optional.of(new Outcome(written, failure));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetriableSinkException("interrupted while a batch was written; it will be read again on restart", e);
        }
    }

    /**
     * Waits until the write in flight has ended, leaving its outcome to {@link #finish()}: before
     * the offsets in the database are read to resume from, so that they include it.
     */
    void awaitEnd() {
        Future<?> ending = write;
        if (ending == null) {
            return;
        }
        try {
            ending.get();
        } catch (ExecutionException e) {
            // finish() reports it
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Lets a write still in flight end (the loop stopped on an error while one was), so that the
     * writer's connections are not closed under it; then stops the thread.
     */
    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(CLOSE_PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
