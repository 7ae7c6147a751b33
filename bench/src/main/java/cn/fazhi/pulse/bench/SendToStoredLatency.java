package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The time from sending an event to its effect being in PostgreSQL, under a steady load: simulated
 * events at a fixed rate, and every 100 ms a probe, one training session of a town no simulated
 * event touches, so the probe town's {@code training.sessions} for this month counts the probes
 * stored so far. A reader polls that one row every 10 ms; a probe's latency is the first poll
 * that counts it minus its send time.
 */
final class SendToStoredLatency {
    static final String PROBE_TOWN = "990101101000";
    private static final long PROBE_EVERY_NANOS = 100_000_000L;
    private static final long POLL_EVERY_MILLIS = 10;

    /** Latency percentiles in milliseconds, and how many probes they cover. */
    record Figures(int probes, int stored, double p50, double p99, double max, long background, double seconds) {}

    private SendToStoredLatency() {}

    static Figures run(BenchPipeline pipeline, int eventsPerSecond, int seconds) throws Exception {
        int probes = (int) (seconds * 1_000_000_000L / PROBE_EVERY_NANOS);
        AtomicLongArray sentAt = new AtomicLongArray(probes);
        long[] latency = new long[probes];
        Arrays.fill(latency, -1);
        String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        Thread reader = new Thread(() -> poll(pipeline, month, sentAt, latency), "latency-reader");
        reader.start();
        long background = 0;
        long start = System.nanoTime();
        // Town codes of a fresh simulation (seed 2) collide with the history's: corrections, which is load like any other.
        Iterator<SimulatedEvent> load = new HistorySimulator(HistorySimulator.Settings.of(50, 2020, 2024, 2)).iterator();
        try (EventPublisher publisher = new EventPublisher(pipeline.kafkaConfig())) {
            int sentProbes = 0;
            while (sentProbes < probes) {
                long now = System.nanoTime();
                if (now - start >= sentProbes * PROBE_EVERY_NANOS) {
                    sentAt.set(sentProbes, System.nanoTime());
                    publisher.publish(ProbeSessions.of("bench-probe-" + sentProbes, PROBE_TOWN, Instant.now()));
                    sentProbes++;
                } else if (background < (now - start) * eventsPerSecond / 1_000_000_000L && load.hasNext()) {
                    publisher.publish(load.next().event());
                    background++;
                } else {
                    Thread.sleep(0, 200_000);
                }
            }
            publisher.flush();
        }
        double elapsed = TopologyThroughput.seconds(start);
        reader.join(30_000);
        reader.interrupt();
        reader.join();
        long[] stored = Arrays.stream(latency).filter(l -> l >= 0).sorted().toArray();
        if (stored.length == 0) {
            throw new IllegalStateException("no probe of town " + PROBE_TOWN + " reached PostgreSQL within 30 s");
        }
        return new Figures(probes, stored.length, ms(stored[stored.length / 2]), ms(stored[(int) Math.ceil(stored.length * 0.99) - 1]),
                ms(stored[stored.length - 1]), background, elapsed);
    }

    /** Until every probe is counted or the thread is interrupted. */
    private static void poll(BenchPipeline pipeline, String month, AtomicLongArray sentAt, long[] latency) {
        int counted = 0;
        try (Connection db = pipeline.database().dataSource().getConnection();
             PreparedStatement query = db.prepareStatement("SELECT numerator FROM indicator_current "
                     + "WHERE scope_code = ? AND period = ? AND indicator = 'training.sessions'")) {
            query.setString(1, PROBE_TOWN);
            query.setString(2, month);
            while (counted < latency.length && !Thread.currentThread().isInterrupted()) {
                int visible;
                try (ResultSet rs = query.executeQuery()) {
                    visible = rs.next() ? rs.getBigDecimal(1).intValue() : 0;
                }
                long now = System.nanoTime();
                for (; counted < Math.min(visible, latency.length); counted++) {
                    latency[counted] = now - sentAt.get(counted);
                }
                Thread.sleep(POLL_EVERY_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the latency reader cannot query " + pipeline.database().jdbcUrl() + ": " + e.getMessage(), e);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
