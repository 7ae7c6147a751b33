package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.DatabaseSchema;

import cn.fazhi.pulse.store.Database;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.embedded.EmbeddedKafka;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.ValueSerdes;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.LoggerFactory;

/**
 * How many snapshot updates per second the sink stores, alone: an embedded broker and an embedded
 * PostgreSQL in this JVM's care, the updates published beforehand, then for each batch size a sink
 * reads the whole topic into a new database. Beside the sink, its two halves alone — reading and
 * decoding, and {@link SnapshotWriter} — and where the CPU went, to say what limits the figure.
 *
 * <p>Not a test: a main, run with
 * <pre>mvn -B -o -q -pl sink test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=cn.fazhi.pulse.sink.SinkBenchmark</pre>
 * Optional arguments ({@code -Dexec.args="..."}): the number of updates (500000), then the batch sizes (a size
 * may repeat); {@code -Dsink.connections=N} (a JVM option) writes over N connections instead of the default.
 */
public final class SinkBenchmark {
    private static final long SEED = 20_261_121L;
    private static final int KEYS = 50_000;
    private static final List<String> PERIODS = List.of("2020", "2020-Q4", "2020-12", "2021", "2021-Q1");
    private static final List<String> INDICATORS = List.of("mediation.accepted", "mediation.success_rate",
            "petition.received", "petition.on_time_rate", "case.filed", "case.appeal_rate", "training.sessions", "advisor.coverage_rate");
    private static final Instant AS_OF = Instant.parse("2020-12-30T02:00:00Z");

    private SinkBenchmark() {}

    public static void main(String[] args) throws Exception {
        quietLogging();
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        List<Integer> batchSizes = args.length > 1
                ? Arrays.stream(args).skip(1).map(Integer::valueOf).toList()
                : List.of(500, 2_000, 5_000, SinkSettings.DEFAULT.batchSize());
        Path dir = Files.createTempDirectory("fazhi-sink-benchmark-");
        try (EmbeddedDatabase postgres = EmbeddedDatabase.start(dir.resolve("postgres"), 0);
             EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0, 0)) {
            Cpu cpu = new Cpu(postmasterPid(dir.resolve("postgres")));
            createTopics(kafka);
            long started = System.nanoTime();
            publish(kafka, updates);
            System.out.printf("%nSink benchmark: %,d snapshot updates of %,d keys published in %.1f s; %d cores, JVM %s, %s%n%n",
                    updates, KEYS, seconds(System.nanoTime() - started), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"), serverVersion(postgres));

            run(kafka, postgres, cpu, "warmup", SinkSettings.DEFAULT.batchSize(), updates); // JIT, page cache; not reported
            System.out.println("| batch size | snapshots/s | run (s) | first write (s) | sink threads | JVM incl. broker | PostgreSQL "
                    + "| other processes | CPU µs per snapshot |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (int i = 0; i < batchSizes.size(); i++) {
                int batchSize = batchSizes.get(i);
                // A size may be given more than once: on a busy machine, the run the others disturbed least says most.
                Result r = run(kafka, postgres, cpu, "batch" + batchSize + "_" + i, batchSize, updates);
                System.out.printf("| %,d%s | %,.0f | %.1f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f |%n", batchSize,
                        batchSize == SinkSettings.DEFAULT.batchSize() ? " (default)" : "", updates / r.seconds, r.seconds,
                        r.firstWrite, r.usage.sinkThread, r.usage.jvm, r.usage.postgres, r.usage.others(),
                        r.usage.microsPerItem(r.seconds, updates));
            }

            System.out.printf("%nThe loop's two halves alone, %,d updates:%n", updates);
            Decoded decoded = readAndDecode(kafka, updates);
            System.out.printf("  reading and decoding (KafkaConsumer + Avro):   %,10.0f snapshots/s  (%.2f cores JVM, %.2f others)%n",
                    updates / decoded.seconds, decoded.usage.jvm, decoded.usage.others());
            Result written = writeOnly(postgres, cpu, "writer1", List.of(decoded.entries), SinkSettings.DEFAULT.batchSize());
            System.out.printf("  SnapshotWriter, batches of %,d:               %,10.0f snapshots/s  (%.2f cores JVM, %.2f PostgreSQL, %.2f others)%n",
                    SinkSettings.DEFAULT.batchSize(), updates / written.seconds, written.usage.jvm, written.usage.postgres,
                    written.usage.others());
            // The same, as two writers on two connections, each with the partitions of its own (as two
            // sink instances of one group would have): does PostgreSQL do more with a second backend?
            List<List<SinkBatch.Entry>> halves = List.of(
                    decoded.entries.stream().filter(e -> e.partition() % 2 == 0).toList(),
                    decoded.entries.stream().filter(e -> e.partition() % 2 == 1).toList());
            Result parallel = writeOnly(postgres, cpu, "writer2", halves, SinkSettings.DEFAULT.batchSize());
            System.out.printf("  two SnapshotWriters in parallel, 2 partitions each: %,10.0f snapshots/s  (%.2f cores JVM, %.2f PostgreSQL, %.2f others)%n",
                    updates / parallel.seconds, parallel.usage.jvm, parallel.usage.postgres, parallel.usage.others());
            System.out.println("\nCPU in cores, averaged over each run (1.00 = one core busy throughout); per snapshot, the JVM's"
                    + " and PostgreSQL's together: on a busy machine it moves less than the rate does.");
        } finally {
            deleteQuietly(dir);
        }
    }

    /** What one run took: wall time, time until the first batch was stored, and the CPU it used. */
    private record Result(double seconds, double firstWrite, Usage usage) {}

    private static Result run(EmbeddedKafka kafka, EmbeddedDatabase postgres, Cpu cpu, String name, int batchSize, int updates)
            throws Exception {
        Database database = new Database(postgres.createDatabase("bench_" + name), postgres.user(), postgres.password());
        DatabaseSchema.migrate(database.dataSource());
        IndicatorSink sink = new IndicatorSink(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()), database,
                new SinkSettings("bench-" + name, batchSize, SinkSettings.DEFAULT.linger(), SinkSettings.DEFAULT.maxBackoff(),
                        Integer.getInteger("sink.connections", SinkSettings.DEFAULT_CONNECTIONS)));
        Thread thread = new Thread(sink, "sink-" + name);
        Cpu.Sample before = cpu.sample(thread);
        long started = System.nanoTime();
        thread.start();
        double firstWrite = -1;
        while (sink.snapshotsWritten() < updates) {
            sink.failure().ifPresent(e -> {
                throw new IllegalStateException("the sink stopped: " + e.getMessage(), e);
            });
            if (firstWrite < 0 && sink.snapshotsWritten() > 0) {
                firstWrite = seconds(System.nanoTime() - started);
            }
            Thread.sleep(5);
        }
        long elapsed = System.nanoTime() - started;
        Usage usage = cpu.since(before, thread, elapsed);
        sink.close();
        thread.join();
        long stored = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM indicator_history").mapTo(Long.class).one());
        if (stored != updates) {
            throw new IllegalStateException(name + ": " + stored + " history rows, expected " + updates);
        }
        return new Result(seconds(elapsed), firstWrite, usage);
    }

    private record Decoded(List<SinkBatch.Entry> entries, double seconds, Usage usage) {}

    /** The poll loop without the database: consume every record and decode it, as the sink does. */
    private static Decoded readAndDecode(EmbeddedKafka kafka, int updates) {
        Serde<SpecificRecord> values = ValueSerdes.fromConfig(Map.of());
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, SinkSettings.DEFAULT.batchSize(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<SinkBatch.Entry> entries = new ArrayList<>(updates);
        Cpu cpu = new Cpu(-1);
        Cpu.Sample before = cpu.sample(Thread.currentThread());
        long started = System.nanoTime();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = IntStream.range(0, Topics.INDICATORS.partitions())
                    .mapToObj(p -> new TopicPartition(Topics.INDICATORS.name(), p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (entries.size() < updates) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    IndicatorSnapshot snapshot = (IndicatorSnapshot) values.deserializer().deserialize(r.topic(), r.value());
                    entries.add(new SinkBatch.Entry(snapshot, r.partition(), r.offset(), Instant.ofEpochMilli(r.timestamp()), r.key(), r.value()));
                }
            }
        }
        long elapsed = System.nanoTime() - started;
        return new Decoded(entries, seconds(elapsed), cpu.since(before, Thread.currentThread(), elapsed));
    }

    /** The writer without Kafka: the decoded entries in batches, into a new database, one writer thread per list. */
    private static Result writeOnly(EmbeddedDatabase postgres, Cpu cpu, String name, List<List<SinkBatch.Entry>> perWriter, int batchSize)
            throws InterruptedException {
        Database database = new Database(postgres.createDatabase("bench_" + name), postgres.user(), postgres.password());
        DatabaseSchema.migrate(database.dataSource());
        Jdbi jdbi = database.jdbi();
        List<Thread> writers = perWriter.stream().map(entries -> new Thread(() -> {
            try (SnapshotWriter writer = new SnapshotWriter(jdbi)) {
                for (int from = 0; from < entries.size(); from += batchSize) {
                    SinkBatch batch = new SinkBatch();
                    for (SinkBatch.Entry e : entries.subList(from, Math.min(entries.size(), from + batchSize))) {
                        batch.addSnapshot(e);
                        batch.consumed(Topics.INDICATORS.name(), e.partition(), e.offset());
                    }
                    writer.write(batch);
                }
            }
        }, "writer-" + name)).toList();
        Cpu.Sample before = cpu.sample(Thread.currentThread());
        long started = System.nanoTime();
        writers.forEach(Thread::start);
        for (Thread writer : writers) {
            writer.join();
        }
        long elapsed = System.nanoTime() - started;
        return new Result(seconds(elapsed), 0, cpu.since(before, Thread.currentThread(), elapsed));
    }

    // --- the data ---------------------------------------------------------------------------------

    private static void publish(EmbeddedKafka kafka, int updates) throws Exception {
        Random random = new Random(SEED);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        long firstTimestamp = System.currentTimeMillis() - Duration.ofDays(1).toMillis();
        var serializer = Topics.INDICATORS.valueSerde().serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < updates; i++) {
                IndicatorSnapshot s = snapshot(random.nextInt(KEYS), random);
                String key = s.getScopeCode() + '|' + s.getPeriod() + '|' + s.getIndicator();
                producer.send(new ProducerRecord<>(Topics.INDICATORS.name(), null, firstTimestamp + i, key,
                        serializer.serialize(Topics.INDICATORS.name(), s)));
            }
            producer.flush();
        }
    }

    /** Key n of KEYS: towns of one city, a few periods, counts and rates as the streams publish them. */
    private static IndicatorSnapshot snapshot(int key, Random random) {
        String indicator = INDICATORS.get(key % INDICATORS.size());
        String period = PERIODS.get(key / INDICATORS.size() % PERIODS.size());
        String scope = String.format("3703%05d000", key / (INDICATORS.size() * PERIODS.size()));
        BigDecimal numerator = BigDecimal.valueOf(random.nextInt(1_000_000), 2);
        Instant asOf = AS_OF.plusMillis(random.nextInt(86_400_000));
        if (!indicator.endsWith("_rate")) {
            return new IndicatorSnapshot(scope, period, indicator, numerator, null, numerator.doubleValue(), asOf);
        }
        BigDecimal denominator = numerator.add(BigDecimal.valueOf(random.nextInt(1_000_000), 2));
        Double value = denominator.signum() == 0 ? null : numerator.doubleValue() / denominator.doubleValue();
        return new IndicatorSnapshot(scope, period, indicator, numerator, denominator, value, asOf);
    }

    private static void createTopics(EmbeddedKafka kafka) throws Exception {
        try (Admin admin = Admin.create(Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            TopicSetup.ensure(admin, (short) 1);
        }
    }

    // --- measuring --------------------------------------------------------------------------------

    /** CPU used during a run, in cores (1.0 = one core busy all the time). */
    private record Usage(double sinkThread, double jvm, double postgres, double machine) {
        /** What the rest of the machine took meanwhile: the figures are only as good as this is small. */
        double others() {
            return Math.max(0, machine - jvm - postgres);
        }

        /** CPU time of the JVM and PostgreSQL together per item, in microseconds. */
        double microsPerItem(double seconds, long items) {
            return (jvm + postgres) * seconds * 1e6 / items;
        }
    }

    /**
     * CPU time of a thread with the sink's own (its write thread and its writer's lanes), of this JVM, of the PostgreSQL server (the postmaster with every backend,
     * including those already exited, which the postmaster's children's time keeps), and of the
     * machine, from /proc.
     */
    private static final class Cpu {
        private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final long postmaster;

        Cpu(long postmaster) {
            this.postmaster = postmaster;
        }

        /** CPU time per thread id: threads started during a run count from zero, those gone before its end not at all. */
        record Sample(Map<Long, Long> threadNanos, long jvmNanos, long postgresTicks, long machineBusyTicks) {}

        Sample sample(Thread thread) {
            Map<Long, Long> threadNanos = new java.util.HashMap<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t == thread || t.getName().startsWith("fazhi-sink")) {
                    threadNanos.put(t.getId(), Math.max(0, threads.getThreadCpuTime(t.getId())));
                }
            }
            return new Sample(threadNanos, os.getProcessCpuTime(), postgresTicks(), machineBusyTicks());
        }

        Usage since(Sample before, Thread thread, long elapsedNanos) {
            Sample now = sample(thread);
            double seconds = elapsedNanos / 1e9;
            long threadNanos = now.threadNanos.entrySet().stream()
                    .mapToLong(e -> e.getValue() - before.threadNanos.getOrDefault(e.getKey(), 0L)).sum();
            return new Usage(threadNanos / 1e9 / seconds, (now.jvmNanos - before.jvmNanos) / 1e9 / seconds,
                    (now.postgresTicks - before.postgresTicks) / TICKS_PER_SECOND / seconds,
                    (now.machineBusyTicks - before.machineBusyTicks) / TICKS_PER_SECOND / seconds);
        }

        private long postgresTicks() {
            if (postmaster < 0) {
                return 0;
            }
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path p : processes.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                    String[] stat = stat(p);
                    if (stat != null && (Long.parseLong(p.getFileName().toString()) == postmaster || Long.parseLong(stat[1]) == postmaster)) {
                        // utime, stime, cutime, cstime
                        ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]) + Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
                    }
                }
            } catch (IOException e) {
                return 0;
            }
            return ticks;
        }

        /** The fields of /proc/PID/stat after the command name (which may hold spaces): state is [0], ppid [1]. */
        private static String[] stat(Path process) {
            try {
                String line = Files.readString(process.resolve("stat"));
                return line.substring(line.lastIndexOf(')') + 2).split(" ");
            } catch (IOException | RuntimeException e) {
                return null; // exited meanwhile
            }
        }

        private static long machineBusyTicks() {
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                for (int i = 1; i < cpu.length && i <= 8; i++) {
                    if (i != 4 && i != 5) { // idle, iowait
                        busy += Long.parseLong(cpu[i]);
                    }
                }
                return busy;
            } catch (IOException e) {
                return 0;
            }
        }
    }

    private static long postmasterPid(Path postgresDir) throws IOException {
        return Long.parseLong(Files.readAllLines(postgresDir.resolve("pgdata").resolve("postmaster.pid")).get(0).trim());
    }

    private static String serverVersion(EmbeddedDatabase postgres) {
        return "PostgreSQL " + new Database(postgres.jdbcUrl(), postgres.user(), postgres.password()).jdbi()
                .withHandle(h -> h.createQuery("SHOW server_version").mapTo(String.class).one());
    }

    private static double seconds(long nanos) {
        return nanos / (double) TimeUnit.SECONDS.toNanos(1);
    }

    /** Under exec:java Logback has no configuration file and would log every client at DEBUG. */
    private static void quietLogging() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(ch.qos.logback.classic.Level.WARN);
            context.getLogger("cn.fazhi.pulse.sink").setLevel(ch.qos.logback.classic.Level.WARN);
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e);
        }
    }
}
