package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.testkit.Backends;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;

/** The sink on a thread of this JVM, as the app runs it; it retries every second at most while the database is away. */
final class SinkThread implements AutoCloseable {
    private final IndicatorSink sink;
    private final Thread thread;

    SinkThread(Backends backends, Database database, String group) {
        this(backends, database, group, SinkFixture.BATCH_SIZE);
    }

    SinkThread(Backends backends, Database database, String group, int batchSize) {
        sink = new IndicatorSink(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, backends.bootstrapServers()), database,
                new SinkSettings(group, batchSize, SinkSettings.DEFAULT.linger(), Duration.ofSeconds(1)));
        thread = new Thread(sink, "sink-" + group);
        thread.start();
    }

    void assertRunning() {
        sink.failure().ifPresent(e -> {
            throw new AssertionError("the sink stopped: " + e.getMessage(), e);
        });
        assertThat(thread.isAlive()).as("the sink thread is alive").isTrue();
    }

    boolean caughtUp() {
        return sink.caughtUp();
    }

    /** Of the indicators topic, by partition. */
    Map<Integer, Long> storedThrough() {
        Map<Integer, Long> positions = new HashMap<>();
        sink.storedThrough().forEach((tp, offset) -> {
            if (tp.topic().equals(Topics.INDICATORS.name())) {
                positions.put(tp.partition(), offset);
            }
        });
        return positions;
    }

    long snapshotsWritten() {
        return sink.snapshotsWritten();
    }

    long deadLettered() {
        return sink.deadLettered();
    }

    long recordsRead() {
        return sink.recordsRead();
    }

    void closeUnchecked() {
        try {
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while closing the sink", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        sink.close();
        thread.join();
    }
}
