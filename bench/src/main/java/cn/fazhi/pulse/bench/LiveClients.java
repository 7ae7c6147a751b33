package cn.fazhi.pulse.bench;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.web.WebApplication;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The SSE half of {@link WebBenchmark}: browsers simulated by HTTP clients, each watching one
 * district, added round by round (100, then 500 in all, …); each round publishes snapshots of
 * random towns at 1,000/s for 20 s and counts what every client should have received (one per
 * watcher of the town's district) against what arrived, and how long after publishing.
 */
final class LiveClients {
    private static final int SNAPSHOTS_PER_SECOND = 1000;
    private static final int SECONDS = 20;

    private final WebApplication web;
    private final Map<String, Object> kafkaConfig;
    private final int towns;
    private final HttpClient http = HttpClient.newHttpClient();
    private final long[] watchers;
    private final AtomicLong received = new AtomicLong();
    private final ConcurrentLinkedQueue<Long> delays = new ConcurrentLinkedQueue<>();
    private int connected;
    private final String token;

    LiveClients(WebApplication web, Map<String, Object> kafkaConfig, int towns, String token) {
        this.token = token;
        this.web = web;
        this.kafkaConfig = kafkaConfig;
        this.towns = towns;
        this.watchers = new long[Math.max(1, towns / 10)];
    }

    void run(int... totals) throws Exception {
        System.out.println();
        for (int total : totals) {
            connect(total);
            round(total);
        }
    }

    private void connect(int total) throws InterruptedException {
        for (; connected < total; connected++) {
            int d = connected % watchers.length;
            watchers[d]++;
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + web.port() + "/api/stream?scope=" + WebBenchmark.district(d * 10)))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body().forEach(this::line));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (web.sseClients() < total && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    private void line(String line) {
        if (!line.startsWith("data: [")) {
            return;
        }
        long now = System.currentTimeMillis();
        for (String part : line.split("\"asOf\":\"")) {
            if (part.startsWith("20")) {
                received.incrementAndGet();
                delays.add(now - Instant.parse(part.substring(0, part.indexOf('"'))).toEpochMilli());
            }
        }
    }

    private void round(int total) throws InterruptedException {
        received.set(0);
        delays.clear();
        SplittableRandom random = new SplittableRandom(3);
        long expected = 0;
        long start = System.nanoTime();
        try (KafkaProducer<String, IndicatorSnapshot> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", kafkaConfig.get("bootstrap.servers"), "linger.ms", 5),
                Topics.INDICATORS.keySerde().serializer(), Topics.INDICATORS.valueSerde().serializer())) {
            for (int i = 0; i < SNAPSHOTS_PER_SECOND * SECONDS; i++) {
                long due = start + i * 1_000_000_000L / SNAPSHOTS_PER_SECOND;
                while (System.nanoTime() < due) {
                    Thread.onSpinWait();
                }
                int t = random.nextInt(towns);
                expected += watchers[(t / 10) % watchers.length];
                IndicatorSnapshot s = new IndicatorSnapshot(WebBenchmark.town(t), "2025-12", "mediation.accepted",
                        BigDecimal.valueOf(i).setScale(2), null, (double) i, Instant.now());
                producer.send(new ProducerRecord<>(Topics.INDICATORS.name(), s.getScopeCode() + "|2025-12|mediation.accepted", s));
            }
        }
        Thread.sleep(3000); // the last changes on their way
        long[] sorted = delays.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("SSE %,5d clients (%,d connected): %,d snapshots/s for %d s; delivered %,d of %,d (%.2f%%); delay p50 %d ms, p99 %d ms, max %d ms%n",
                total, web.sseClients(), SNAPSHOTS_PER_SECOND, SECONDS, received.get(), expected, 100.0 * received.get() / Math.max(1, expected),
                percentile(sorted, 50), percentile(sorted, 99), sorted.length == 0 ? -1 : sorted[sorted.length - 1]);
    }

    private static long percentile(long[] sorted, int p) {
        return sorted.length == 0 ? -1 : sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }
}
