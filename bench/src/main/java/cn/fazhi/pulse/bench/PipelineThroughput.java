package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Events per second through the whole pipeline: a simulated history published with the
 * {@code EventPublisher} into a running pipeline (streams and sink already started), timed from
 * the first send until the last snapshot is stored in PostgreSQL. Then the memory it holds: heap
 * used after a full GC (the whole JVM, the embedded broker included), the streams' state directory
 * on disk, and the keys and bytes its RocksDB stores report.
 */
final class PipelineThroughput {
    /** One measured size. */
    record Point(int towns, BenchResult result, long heapBytes, long stateBytes, long storeKeys, long storeBytes) {}

    private PipelineThroughput() {}

    /** The simulated history every part measures: towns × 5 years (2020–2024), seed 1. */
    static HistorySimulator history(int towns) {
        return new HistorySimulator(HistorySimulator.Settings.of(towns, 2020, 2024, 1));
    }

    /** Towns that give about {@code events} events over the five simulated years. */
    static int townsFor(long events) {
        return (int) Math.max(1, events / (TopologyThroughput.EVENTS_PER_TOWN_YEAR * 5L));
    }

    static Point run(BenchPipeline pipeline, int towns, Consumer<String> log) throws Exception {
        long published = 0;
        long start = System.nanoTime();
        double cpu = CpuClock.processSeconds();
        try (EventPublisher publisher = new EventPublisher(pipeline.kafkaConfig())) {
            for (SimulatedEvent e : history(towns)) {
                publisher.publish(e.event());
                published++;
            }
            publisher.flush();
        }
        log.accept(String.format("  published %,d events in %.1f s; waiting for the last snapshot to be stored …", published,
                TopologyThroughput.seconds(start)));
        long stored = pipeline.awaitStored(Duration.ofHours(3));
        BenchResult result = new BenchResult(String.format("Pipeline end to end, %,d towns", towns), published, (stored - start) / 1e9,
                "events", CpuClock.processSeconds() - cpu);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        return new Point(towns, result, heap, pipeline.stateBytes(), StateStoreMetrics.keys(), StateStoreMetrics.bytes());
    }
}
