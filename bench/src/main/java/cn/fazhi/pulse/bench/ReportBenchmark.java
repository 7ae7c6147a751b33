package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.events.TownLevel;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.report.ReportFiles;
import cn.fazhi.pulse.report.ReportFormat;
import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.sink.SinkBatch;
import cn.fazhi.pulse.sink.SnapshotWriter;
import cn.fazhi.pulse.store.IndicatorStore;
import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code java -cp … cn.fazhi.pulse.bench.ReportBenchmark [towns] [threads]}: the annual reports
 * (.docx, .md and the chart) of that many towns for one year, read from an embedded PostgreSQL
 * through the same {@link ReportFiles} path {@code ./fazhi report} takes. The snapshots are
 * generated (seed 1: every non-breakdown indicator for two years, the chart's four indicators by
 * month) and written with the sink's {@link SnapshotWriter} before the clock starts.
 */
public final class ReportBenchmark {
    private static final int YEAR = 2023;
    private static final int TOWNS_PER_DISTRICT = 100;
    private static final List<String> MONTHLY = List.of("mediation.accepted", "mediation.succeeded", "petition.received", "petition.closed_in_period");
    private static final Instant PUBLISHED = Instant.parse("2024-01-05T00:00:00Z");

    private ReportBenchmark() {}

    public static void main(String[] args) throws Exception {
        int towns = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        Path work = Files.createTempDirectory("fazhi-report-bench");
        BenchMain.print(run(towns, threads, work, System.out::println));
    }

    /** Stores the generated snapshots, then times the reports written on {@code threads} threads (one report per task). */
    public static List<BenchResult> run(int towns, int threads, Path work, Consumer<String> progress) throws Exception {
        Path out = work.resolve("reports");
        try (EmbeddedDatabase embedded = EmbeddedDatabase.start(work.resolve("postgres"), 0)) {
            Database database = new Database(embedded.jdbcUrl(), embedded.user(), embedded.password());
            DatabaseSchema.migrate(database.dataSource());
            progress.accept(String.format("Storing generated snapshots of %,d towns …", towns));
            long storing = System.nanoTime();
            long rows;
            try (SnapshotWriter writer = new SnapshotWriter(database.jdbi())) {
                rows = store(writer, towns);
            }
            double storeSeconds = (System.nanoTime() - storing) / 1e9;

            ReportFiles reports = ReportFiles.standard(new IndicatorStore(database.jdbi()));
            progress.accept(String.format("Stored %,d snapshots in %.1f s; writing %,d reports (.docx + .md) on %d thread(s) to %s …",
                    rows, storeSeconds, towns, threads, out));
            reports.write(townCode(0), YEAR, Optional.empty(), Narrative.NONE, LocalDate.now(), EnumSet.allOf(ReportFormat.class), work.resolve("warm-up"));
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpuBefore = os.getProcessCpuTime();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> written = new ArrayList<>();
                for (int i = 0; i < towns; i++) {
                    String code = townCode(i);
                    written.add(pool.submit(() -> reports.write(code, YEAR, Optional.empty(), Narrative.NONE, LocalDate.now(),
                            EnumSet.allOf(ReportFormat.class), out)));
                }
                for (Future<?> report : written) {
                    report.get();
                }
            } finally {
                pool.shutdown();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double cpuSeconds = (os.getProcessCpuTime() - cpuBefore) / 1e9;
            progress.accept(String.format("CPU time of this process while writing: %.1f s (%.0f ms a report); PostgreSQL's is not counted",
                    cpuSeconds, cpuSeconds * 1000 / towns));
            return List.of(new BenchResult("snapshots stored (setup, not the benchmark)", rows, storeSeconds, "snapshots"),
                    new BenchResult("annual reports, .docx + .md + chart, from PostgreSQL, " + threads + " thread(s)", towns, seconds, "reports"));
        }
    }

    private static long store(SnapshotWriter writer, int towns) {
        Random random = new Random(1);
        long offset = 0;
        for (int i = 0; i < towns; i++) {
            SinkBatch batch = new SinkBatch();
            String code = townCode(i);
            batch.addTown(new TownRegistered("town-" + code, code, PUBLISHED, null, "模拟" + (i + 1) + "镇", "模拟" + (i / TOWNS_PER_DISTRICT + 1) + "区",
                    "模拟市", TownLevel.TOWN, 20, 21));
            for (int year = YEAR - 1; year <= YEAR; year++) {
                for (Indicator indicator : IndicatorCatalog.all()) {
                    if (!indicator.breakdown() && !indicator.isStateChange()) {
                        batch.addSnapshot(new SinkBatch.Entry(snapshot(code, Integer.toString(year), indicator, random), 0, offset++, PUBLISHED));
                    }
                }
            }
            for (int month = 1; month <= 12; month++) {
                for (String id : MONTHLY) {
                    Indicator indicator = IndicatorCatalog.byId(id).orElseThrow();
                    batch.addSnapshot(new SinkBatch.Entry(snapshot(code, String.format("%d-%02d", YEAR, month), indicator, random), 0, offset++, PUBLISHED));
                }
            }
            batch.consumed("fazhi.indicators", 0, offset);
            writer.write(batch);
        }
        return offset;
    }

    private static IndicatorSnapshot snapshot(String scope, String period, Indicator indicator, Random random) {
        long denominator = 10 + random.nextInt(90);
        long numerator = indicator.hasDenominator() ? denominator - random.nextInt(3) : random.nextInt(100);
        return new IndicatorSnapshot(scope, period, indicator.id(), BigDecimal.valueOf(numerator),
                indicator.hasDenominator() ? BigDecimal.valueOf(denominator) : null,
                indicator.hasDenominator() ? (double) numerator / denominator : (double) numerator, PUBLISHED);
    }

    /** 12-digit codes: 9901DD1TTT000, one hundred towns per district. */
    private static String townCode(int i) {
        return String.format("9901%02d%03d000", i / TOWNS_PER_DISTRICT + 1, i % TOWNS_PER_DISTRICT + 100);
    }
}
