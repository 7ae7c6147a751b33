package cn.fazhi.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The hand-off between the poll loop and the thread that writes: one batch at a time, failures handed back. */
class WriteInFlightTest {

    @Test
    void shouldWriteOnAThreadOfItsOwnWhileTheCallerGoesOnWhenStarted() throws Exception {
        // Given a write that cannot end until the caller lets it
        CountDownLatch mayEnd = new CountDownLatch(1);
        AtomicReference<Thread> writingThread = new AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        SinkBatch batch = new SinkBatch();
        try (WriteInFlight inFlight = new WriteInFlight()) {
            // When
            inFlight.start(batch, b -> {
                writingThread.set(Thread.currentThread());
                await(mayEnd);
                ended.set(true);
            });

            // Then start() has returned with the write still under way, on another thread
            assertThat(ended).as("the write has not ended yet").isFalse();
            mayEnd.countDown();
            WriteInFlight.Outcome outcome = inFlight.finish().orElseThrow();
            assertThat(outcome.stored()).isTrue();
            assertThat(outcome.batch()).isSameAs(batch);
            assertThat(writingThread.get()).isNotNull().isNotSameAs(Thread.currentThread());
        }
    }

    @Test
    void shouldHandBackTheBatchWithTheFailureWhenTheWriteFails() {
        SinkBatch batch = new SinkBatch();
        IllegalStateException refused = new IllegalStateException("the database is away");
        try (WriteInFlight inFlight = new WriteInFlight()) {
            inFlight.start(batch, b -> {
                throw refused;
            });

            WriteInFlight.Outcome outcome = inFlight.finish().orElseThrow();

            assertThat(outcome.stored()).isFalse();
            assertThat(outcome.failure()).isSameAs(refused);
            assertThat(outcome.batch()).isSameAs(batch);
        }
    }

    @Test
    void shouldRefuseASecondBatchWhenTheFirstIsNotFinished() {
        try (WriteInFlight inFlight = new WriteInFlight()) {
            inFlight.start(new SinkBatch(), b -> {});

            assertThatThrownBy(() -> inFlight.start(new SinkBatch(), b -> {}))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("finish()");
        }
    }

    @Test
    void shouldHaveNothingToFinishWhenNoWriteWasStartedOrTheLastWasFinished() {
        try (WriteInFlight inFlight = new WriteInFlight()) {
            assertThat(inFlight.finish()).isEmpty();
            inFlight.start(new SinkBatch(), b -> {});
            assertThat(inFlight.finish()).isPresent();

            assertThat(inFlight.finish()).isEmpty();
        }
    }

    @Test
    void shouldLeaveTheOutcomeToFinishWhenWaitedForBeforeOffsetsAreRead() {
        try (WriteInFlight inFlight = new WriteInFlight()) {
            AtomicBoolean ended = new AtomicBoolean();
            inFlight.start(new SinkBatch(), b -> {
                sleep(100);
                ended.set(true);
                throw new IllegalStateException("refused");
            });

            inFlight.awaitEnd();

            assertThat(ended).as("the write ended before awaitEnd() returned").isTrue();
            assertThat(inFlight.finish().orElseThrow().failure()).hasMessage("refused");
        }
    }

    @Test
    void shouldLetTheWriteInFlightEndWhenClosed() {
        AtomicBoolean ended = new AtomicBoolean();
        WriteInFlight inFlight = new WriteInFlight();
        inFlight.start(new SinkBatch(), b -> {
            sleep(200);
            ended.set(true);
        });

        inFlight.close();

        assertThat(ended).as("the write ended before close() returned").isTrue();
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the write end");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
