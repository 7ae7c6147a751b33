package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.events.TrainingSessionHeld;
import java.math.BigDecimal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code ./fazhi bench}: the whole pipeline against the transport's limit and against the batch
 * approach it replaces, in one run on one machine, so that every figure can be read as a ratio.
 * One embedded PostgreSQL; each pipeline run on a broker and a database of its own.
 */
public final class PipelineBenchmark {
    /** What to measure; {@code towns} 0 means derived from {@code events}. */
    public record Options(long events, int towns, int streamThreads, int latencyRate, int latencySeconds, List<Long> scale) {}

    static final String EXTRA_MONTH = "2024-06";

    private PipelineBenchmark() {}

    /** Runs everything in a temporary folder, deleted afterwards: a 10M run leaves some 18 GB of topics and state. */
    public static PipelineReport run(Options options, Consumer<String> log) throws Exception {
        Path work = Files.createTempDirectory("fazhi-bench");
        try {
            return run(options, work, log);
        } finally {
            deleteRecursively(work);
        }
    }

    private static PipelineReport run(Options options, Path work, Consumer<String> log) throws Exception {
        int towns = options.towns() > 0 ? options.towns() : PipelineThroughput.townsFor(options.events());
        List<BenchResult> results = new ArrayList<>();
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(work.resolve("postgres"), 0)) {
            MainRun main = mainRun(options, work, postgres, towns, results, log);
            List<PipelineReport.Scale> scale = new ArrayList<>(List.of(PipelineReport.Scale.of(main.pipeline())));
            for (long events : options.scale()) {
                int scaleTowns = PipelineThroughput.townsFor(events);
                if (scaleTowns == towns) {
                    continue; // measured by the main run
                }
                log.accept(String.format("scale: %,d towns (about %,d events) on a fresh broker and database …", scaleTowns, events));
                try (BenchPipeline pipeline = BenchPipeline.onOwnBroker(work, postgres, "pipeline_" + scaleTowns, options.streamThreads())) {
                    PipelineThroughput.Point point = PipelineThroughput.run(pipeline, scaleTowns, log);
                    log.accept("  " + point.result().summary());
                    scale.add(PipelineReport.Scale.of(point));
                }
            }
            scale.sort(Comparator.comparingLong(PipelineReport.Scale::events));
            return new PipelineReport(results, main.pipeline().result().perSecond() / main.transport().perSecond(), main.latency(), scale);
        }
    }

    static void deleteRecursively(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private record MainRun(BenchResult transport, PipelineThroughput.Point pipeline, SendToStoredLatency.Figures latency) {}

    /** Transport, pipeline, batch peer and latency on one broker and database, closed before the scale runs start. */
    private static MainRun mainRun(Options options, Path work, EmbeddedDatabase postgres, int towns, List<BenchResult> results,
                                   Consumer<String> log) throws Exception {
        try (BenchPipeline pipeline = BenchPipeline.onOwnBroker(work, postgres, "pipeline_main", options.streamThreads())) {
            log.accept(String.format("transport limit: %,d towns × 5 years of simulated events, serialized once …", towns));
            BenchResult transport = TransportLimit.run(pipeline.kafkaConfig(), pipeline.admin(), PipelineThroughput.history(towns));
            results.add(transport);
            log.accept("  " + transport.summary());

            log.accept("pipeline end to end (exactly_once_v2 streams + sink into PostgreSQL) …");
            PipelineThroughput.Point main = PipelineThroughput.run(pipeline, towns, log);
            results.add(main.result());
            log.accept("  " + main.result().summary());

            log.accept("batch peer: the same events into one PostgreSQL table, the indicators by SQL …");
            results.addAll(batchPeer(pipeline, postgres, towns, log));

            log.accept(String.format("latency: %,d events/s for %d s with a probe every 100 ms …", options.latencyRate(),
                    options.latencySeconds()));
            return new MainRun(transport, main, SendToStoredLatency.run(pipeline, options.latencyRate(), options.latencySeconds()));
        }
    }

    /**
     * The SQL peer over the pipeline's own database: load, full recompute, then checked against
     * what the pipeline stored; then one more event, reflected by a full recompute and by
     * recomputing only its city.
     */
    private static List<BenchResult> batchPeer(BenchPipeline pipeline, EmbeddedDatabase postgres, int towns, Consumer<String> log)
            throws Exception {
        List<BenchResult> results = new ArrayList<>();
        try (BatchPeer peer = new BatchPeer(pipeline.database().jdbcUrl(), postgres.user(), postgres.password())) {
            long start = System.nanoTime();
            long loaded = peer.load(PipelineThroughput.history(towns));
            results.add(new BenchResult("Batch peer: COPY into a flat table + indexes", loaded, TopologyThroughput.seconds(start), "events"));
            start = System.nanoTime();
            peer.recomputeAll();
            results.add(new BenchResult("Batch peer: full recompute (whole catalog)", loaded, TopologyThroughput.seconds(start), "events"));
            List<String> differences = peer.differencesFromPipeline(10);
            if (!differences.isEmpty()) {
                throw new IllegalStateException("the SQL peer and the pipeline disagree (first 10):\n  " + String.join("\n  ", differences));
            }
            log.accept(String.format("  the SQL peer agrees with the pipeline on all %,d figures (the whole catalog; the peer holds %,d)",
                    peer.figuresCompared(), peer.figures()));

            String town = pipeline.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT scope_code FROM indicator_current WHERE length(scope_code) = 12 AND scope_code NOT LIKE '%000000' LIMIT 1")
                    .mapTo(String.class).one());
            results.add(oneMore(peer, town, "full recompute", () -> peer.recomputeAll()));
            results.add(oneMore(peer, town, "recompute of its city", () -> peer.recomputeCity(town.substring(0, 4))));
        }
        return results;
    }

    private interface Recompute {
        void run() throws Exception;
    }

    /** Adds one training session of {@code town} and times until the peer's figure counts it. */
    private static BenchResult oneMore(BatchPeer peer, String town, String how, Recompute recompute) throws Exception {
        BigDecimal before = peer.numerator(town, EXTRA_MONTH, "training.sessions");
        long start = System.nanoTime();
        peer.add(extraSession(town));
        recompute.run();
        double seconds = TopologyThroughput.seconds(start);
        BigDecimal after = peer.numerator(town, EXTRA_MONTH, "training.sessions");
        BigDecimal expected = (before == null ? BigDecimal.ZERO : before).add(BigDecimal.ONE);
        if (after == null || after.compareTo(expected) != 0) {
            throw new IllegalStateException("the SQL peer did not count the extra session of " + town + ": " + before + " → " + after);
        }
        return new BenchResult("Batch peer: one more event reflected, " + how, 1, seconds, "events");
    }

    /** One more training session of {@code town}, in {@link #EXTRA_MONTH}. */
    static TrainingSessionHeld extraSession(String town) {
        return ProbeSessions.of("bench-extra-" + System.nanoTime(), town,
                LocalDate.of(2024, 6, 15).atTime(10, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant());
    }
}
