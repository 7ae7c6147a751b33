package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.events.TownLevel;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceAmount;
import cn.fazhi.pulse.evidence.EvidenceEvent;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.Passwords;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.sink.SinkBatch;
import cn.fazhi.pulse.sink.SnapshotWriter;
import cn.fazhi.pulse.web.WebApplication;
import cn.fazhi.pulse.web.WebSettings;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.apache.kafka.clients.admin.Admin;

/**
 * {@code java -cp … cn.fazhi.pulse.bench.WebBenchmark [towns] [years] [clients…]}: the web side's
 * benchmark of docs/benchmarks.md. An embedded broker and database in a temporary folder; towns ×
 * years of monthly, quarterly and yearly snapshots of the ten headline indicators, and the evidence
 * of {@value #MEDIATIONS_PER_TOWN_YEAR} mediations per town and year, written through the sink's
 * writer; then (1) latency of the indicator, trend and evidence queries over HTTP, one client at a
 * time, and (2) for each number of SSE clients (each watching one district), snapshots published at
 * 1,000/s for 20 s, counting what every client should have received and what it did, and how late.
 */
public final class WebBenchmark {
    /** An administrator's bearer token, made for the run, sent with every request. */
    private static String token;
    private static final String[] INDICATORS = {"mediation.success_rate", "petition.closure_rate", "petition.accepted_on_time_rate",
            "petition.satisfaction_rate", "case.leader_appearance_rate", "training.participation_rate",
            "mediation.accepted", "petition.received", "case.admin.filed", "training.sessions"};
    private static final int FIRST_YEAR = 2021;
    private static final int REQUESTS = 2000;
    /** Mediations per town and year whose evidence is stored: about what 大张庄镇 reported for 2020. */
    static final int MEDIATIONS_PER_TOWN_YEAR = 140;

    private WebBenchmark() {}

    public static void main(String[] args) throws Exception {
        int towns = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int years = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int[] clientCounts = args.length > 2 ? Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray() : new int[] {100, 500, 1000};
        run(towns, years, clientCounts);
    }

    public static void run(int towns, int years, int... clientCounts) throws Exception {
        Path work = Files.createTempDirectory("fazhi-web-bench");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(Files.createDirectories(work.resolve("kafka")), 0, 0);
             EmbeddedDatabase postgres = EmbeddedDatabase.start(work.resolve("postgres"), 0)) {
            Map<String, Object> kafkaConfig = Map.of("bootstrap.servers", kafka.bootstrapServers());
            try (Admin admin = Admin.create(kafkaConfig)) {
                TopicSetup.ensure(admin, (short) 1);
            }
            Database database = new Database(postgres.jdbcUrl(), postgres.user(), postgres.password());
            DatabaseSchema.migrate(database.dataSource());
            long loadStart = System.nanoTime();
            long rows;
            try (SnapshotWriter writer = new SnapshotWriter(database.jdbi())) {
                rows = load(writer, towns, years);
            }
            System.out.printf("loaded %,d snapshots and the evidence of %,d mediations (%d towns × %d years) in %.0f s%n", rows,
                    (long) towns * years * MEDIATIONS_PER_TOWN_YEAR, towns, years, seconds(loadStart));
            // Every request carries a bearer token, as a dashboard's or a program's would: the access check is part of what is measured.
            AccountStore accounts = new AccountStore(database.jdbi());
            accounts.add("bench-admin", Role.ADMIN, AccessScope.EVERYTHING, Passwords.generate());
            token = accounts.createToken("bench-admin", Duration.ofDays(1)).secret();
            try (WebApplication web = WebApplication.start(kafkaConfig, database,
                    new WebSettings(0, WebSettings.DEFAULT_MAX_REQUEST_BYTES, WebSettings.DEFAULT_MAX_EVENTS, "bench-streams", "bench-sink"))) {
                latencies(web.port(), towns, years);
                new LiveClients(web, kafkaConfig, towns, token).run(clientCounts);
            }
        }
        System.out.printf("%nmachine: %d cores, %,d MiB max heap, Java %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.version"));
    }

    /** Town i: city i/100, district i/10 — ten towns per district, ten districts per city. */
    static String town(int i) {
        return String.format("%02d%02d%02d%03d000", 50 + i / 1000, i / 100 % 10 + 1, i / 10 % 10 + 1, i % 10 + 101);
    }

    static String district(int i) {
        return town(i).substring(0, 6) + "000000";
    }

    private static long load(SnapshotWriter writer, int towns, int years) {
        SplittableRandom random = new SplittableRandom(1);
        Instant asOf = Instant.parse("2025-12-31T00:00:00Z");
        long rows = 0;
        long offset = 0;
        long[] evidenceOffsets = {0};
        SinkBatch batch = new SinkBatch();
        for (int t = 0; t < towns; t++) {
            String code = town(t);
            batch.addTown(new TownRegistered("bench-" + code, code, asOf, null, "镇" + t, "区" + t / 10, "市" + t / 100, TownLevel.TOWN, 20, null));
            for (int y = FIRST_YEAR; y < FIRST_YEAR + years; y++) {
                List<String> periods = new ArrayList<>();
                for (int m = 1; m <= 12; m++) {
                    periods.add(String.format("%d-%02d", y, m));
                }
                for (int q = 1; q <= 4; q++) {
                    periods.add(y + "-Q" + q);
                }
                periods.add(Integer.toString(y));
                for (String period : periods) {
                    for (String indicator : INDICATORS) {
                        long denominator = 10 + random.nextInt(40);
                        long numerator = denominator - random.nextInt(3);
                        boolean rate = indicator.endsWith("_rate");
                        batch.addSnapshot(new SinkBatch.Entry(new IndicatorSnapshot(code, period, indicator, BigDecimal.valueOf(numerator).setScale(2),
                                rate ? BigDecimal.valueOf(denominator).setScale(2) : null, rate ? (double) numerator / denominator : (double) numerator, asOf),
                                0, offset++, asOf));
                        rows++;
                    }
                }
                addMediations(batch, code, y, random, asOf, evidenceOffsets);
            }
            if (batch.history().size() + batch.evidence().size() >= 5000) {
                writer.write(batch);
                batch = new SinkBatch();
            }
        }
        writer.write(batch);
        return rows;
    }

    /** The evidence of a town's mediations of one year: accepted, most of them succeeded, spread over the months. */
    private static void addMediations(SinkBatch batch, String town, int year, SplittableRandom random, Instant publishedAt, long[] offsets) {
        for (int n = 0; n < MEDIATIONS_PER_TOWN_YEAR; n++) {
            String id = "m-" + year + "-" + n;
            String month = String.format("%d-%02d", year, 1 + n % 12);
            Instant accepted = Instant.parse(month + "-10T02:00:00Z");
            boolean succeeded = random.nextInt(20) != 0;
            List<EvidenceAmount> amounts = new ArrayList<>(List.of(new EvidenceAmount(town, month, "mediation.accepted", 1L),
                    new EvidenceAmount(town, month, "mediation.dispute.NEIGHBOR", 1L),
                    new EvidenceAmount(town, month, succeeded ? "mediation.succeeded" : "mediation.pending", 1L)));
            if (succeeded) {
                amounts.add(new EvidenceAmount(town, month, "mediation.oral_agreements", 1L));
            }
            List<EvidenceEvent> events = new ArrayList<>(List.of(new EvidenceEvent(id + "-a", "MediationAccepted", accepted, publishedAt, null, false, false)));
            if (succeeded) {
                events.add(new EvidenceEvent(id + "-c", "MediationConcluded", accepted.plusSeconds(86_400 * 5), publishedAt, null, false, false));
            }
            EntityEvidence evidence = new EntityEvidence(town, "MEDIATION", id, succeeded ? "SUCCESS" : "ACCEPTED", accepted,
                    succeeded ? accepted.plusSeconds(86_400 * 5) : null, amounts, events, null);
            batch.addEvidence(new SinkBatch.EvidenceEntry(town + "|mediation|" + id, evidence, 0, offsets[0]++, publishedAt));
        }
    }

    private static void latencies(int port, int towns, int years) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        SplittableRandom random = new SplittableRandom(2);
        int lastYear = FIRST_YEAR + years - 1;
        System.out.printf("%n%-52s %8s %8s %8s %8s%n", "query (" + REQUESTS + " requests, one at a time)", "p50 ms", "p90 ms", "p99 ms", "max ms");
        measure(http, port, "GET /api/indicators period=year", i -> "/api/indicators?scope=" + town(random.nextInt(towns)) + "&period=" + (FIRST_YEAR + random.nextInt(years)));
        measure(http, port, "GET /api/indicators period=last-12-months", i -> "/api/indicators?scope=" + town(random.nextInt(towns))
                + "&period=last-12-months&to=" + lastYear + "-" + String.format("%02d", 1 + random.nextInt(12)));
        measure(http, port, "GET /api/trend 24 months", i -> "/api/trend?scope=" + town(random.nextInt(towns)) + "&indicator="
                + INDICATORS[random.nextInt(INDICATORS.length)] + "&from=" + (lastYear - 1) + "-01&to=" + lastYear + "-12");
        measure(http, port, "GET /api/evidence town-year, first page", i -> "/api/evidence?scope=" + town(random.nextInt(towns))
                + "&period=" + (FIRST_YEAR + random.nextInt(years)) + "&indicator=mediation.success_rate");
        measure(http, port, "GET /api/evidence district-year, first page", i -> "/api/evidence?scope=" + district(random.nextInt(towns))
                + "&period=" + (FIRST_YEAR + random.nextInt(years)) + "&indicator=mediation.success_rate");
        measure(http, port, "GET /api/ranking of a district (10 towns)", i -> "/api/ranking?scope=" + district(random.nextInt(towns)) + "&period=" + lastYear
                + "&indicator=mediation.success_rate");
    }

    private static void measure(HttpClient http, int port, String name, IntFunction<String> path) throws Exception {
        for (int i = 0; i < 200; i++) { // warm-up: JIT, connection pool, PostgreSQL's caches
            get(http, port, path.apply(i));
        }
        long[] nanos = new long[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            get(http, port, path.apply(i));
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("%-52s %8.1f %8.1f %8.1f %8.1f%n", name, ms(nanos[REQUESTS / 2]), ms(nanos[REQUESTS * 9 / 10]),
                ms(nanos[REQUESTS * 99 / 100]), ms(nanos[REQUESTS - 1]));
    }

    private static void get(HttpClient http, int port, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
