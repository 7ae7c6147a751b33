package cn.fazhi.pulse.streams.oracle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import cn.fazhi.pulse.events.AgreementForm;
import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.PetitionAccepted;
import cn.fazhi.pulse.events.PetitionCategory;
import cn.fazhi.pulse.events.PetitionClosed;
import cn.fazhi.pulse.events.PetitionReceived;
import cn.fazhi.pulse.events.Satisfaction;
import cn.fazhi.pulse.events.TownLevel;
import cn.fazhi.pulse.events.TownRegistered;
import cn.fazhi.pulse.events.VillageAdvisorAssigned;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.Topics;
import cn.fazhi.pulse.schemas.serde.SingleObjectAvroSerde;
import cn.fazhi.pulse.streams.oracle.CatalogOracle.Entity;
import cn.fazhi.pulse.streams.oracle.CatalogOracle.Figure;
import cn.fazhi.pulse.streams.oracle.CatalogOracle.Sent;
import cn.fazhi.pulse.streams.oracle.RandomHistories.History;
import cn.fazhi.pulse.streams.topology.IndicatorTopology;
import cn.fazhi.pulse.streams.topology.TopologyHarness;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays random histories through the topology and compares every published figure with an
 * independent recomputation ({@link CatalogOracle}). Run more cases or replay one:
 * {@code -Dfazhi.oracle.cases=1000}, {@code -Dfazhi.oracle.seed=<seed of a failing case> -Dfazhi.oracle.cases=1};
 * {@code -Dfazhi.oracle.shrink=true} also shrinks the first failing case to the fewest entities
 * that still disagree.
 *
 * <p>With the stores written behind, as the application runs by default, every history is
 * replayed; with Kafka Streams' record cache, the fallback, every {@value #CACHE_STRIDE}th of the
 * same histories ({@code -Dfazhi.oracle.cacheStride=1} for all of them). The processors and the
 * oracle are the same both ways, only the store layer differs, and a history costs the same
 * either way: the second pass buys little that a sample of it does not, at most of its price.
 * The first case is always among them, so that a seed replayed alone runs in both modes.
 */
@ParameterizedClass(name = "write-behind stores: {0}")
@ValueSource(booleans = {true, false})
class OracleComparisonTest {
    private static final int CASES = Integer.getInteger("fazhi.oracle.cases", 200);
    private static final int CACHE_STRIDE = 4;
    private static final int STRIDE_WITH_RECORD_CACHE = Integer.getInteger("fazhi.oracle.cacheStride", CACHE_STRIDE);
    private static final long BASE_SEED = Long.getLong("fazhi.oracle.seed", 7_071_988L);
    private static final boolean SHRINK = Boolean.getBoolean("fazhi.oracle.shrink");
    private static final int DETAILED_CASES = 3;
    private static final double TOLERANCE = 1e-9;
    private static final Instant WALL_CLOCK = Instant.parse("2030-01-01T00:00:00Z");
    private static final SingleObjectAvroSerde<SpecificRecord> SERDE = SingleObjectAvroSerde.anyRecord();

    private static final String TOWN = "370323106000";
    private static final String NEIGHBOUR_TOWN = "370323107000";
    private static final String OTHER_CITY_TOWN = "120111101000";
    private static final String DISTRICT = "370323000000";
    private static final String CITY = "370300000000";

    @Parameter
    boolean writeBehindStores;
    @TempDir
    Path stateDirs;
    private final AtomicInteger drivers = new AtomicInteger();

    // ------------------------------------------------------------------ the comparison

    @Test
    void shouldPublishWhatTheOracleComputesWhenRandomHistoriesAreReplayed() throws Exception {
        // Given / When: each history replayed through a fresh driver, two at a time
        int threads = Integer.getInteger("fazhi.oracle.threads", Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Outcome>> futures = new ArrayList<>();
        try {
            int stride = writeBehindStores ? 1 : Math.max(1, STRIDE_WITH_RECORD_CACHE);
            for (int i = 0; i < CASES; i += stride) {
                long seed = BASE_SEED + i;
                futures.add(pool.submit(() -> runCase(seed)));
            }
            List<Outcome> failing = new ArrayList<>();
            Set<String> notConsumed = new TreeSet<>();
            int sends = 0;
            for (Future<Outcome> future : futures) {
                Outcome outcome = future.get();
                sends += outcome.history().size();
                notConsumed.addAll(outcome.notConsumed());
                if (!outcome.mismatches().isEmpty()) {
                    failing.add(outcome);
                }
            }

            // Then
            if (!failing.isEmpty()) {
                fail(failureMessage(failing, futures.size(), sends, notConsumed));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** One history: what the oracle and the topology disagree on (only kept in full when they do). */
    record Outcome(History history, CatalogOracle oracle, List<Mismatch> mismatches, Set<String> notConsumed) {}

    private Outcome runCase(long seed) {
        try {
            History history = RandomHistories.generate(seed);
            CatalogOracle oracle = CatalogOracle.of(history.sends());
            Set<String> notConsumed = new TreeSet<>();
            List<Mismatch> mismatches = compare(oracle.figures(), replay(history.sends(), seed, notConsumed));
            return new Outcome(history, mismatches.isEmpty() ? null : oracle, mismatches, notConsumed);
        } catch (RuntimeException e) {
            throw new AssertionError("seed " + seed + " failed; replay with -Dfazhi.oracle.seed=" + seed + " -Dfazhi.oracle.cases=1", e);
        }
    }

    private String failureMessage(List<Outcome> failing, int cases, int sends, Set<String> notConsumed) {
        Map<String, Integer> casesByIndicator = new TreeMap<>();
        failing.forEach(o -> o.mismatches().stream().map(Mismatch::indicator).distinct()
                .forEach(id -> casesByIndicator.merge(id, 1, Integer::sum)));
        StringBuilder message = new StringBuilder();
        message.append(failing.size()).append(" of ").append(cases).append(" random histories (").append(sends)
                .append(" records in all) disagree with the oracle; base seed ").append(BASE_SEED).append('\n');
        if (!notConsumed.isEmpty()) {
            message.append("Topics the topology does not consume (their records were not sent): ").append(notConsumed).append('\n');
        }
        message.append("Failing seeds: ").append(failing.stream().map(o -> Long.toString(o.history().seed())).limit(30).toList()).append('\n');
        message.append("Cases with a mismatch, by indicator: ").append(casesByIndicator).append("\n\n");
        failing.stream().limit(DETAILED_CASES).forEach(o -> message.append(report(o.history(), o.oracle(), o.mismatches())).append('\n'));
        if (SHRINK) {
            Outcome first = failing.get(0);
            message.append(shrink(first.history(), first.mismatches().get(0).indicator()));
        }
        return message.toString();
    }

    /** What the topology published last for each key, after the records were sent in order. */
    private Map<String, Figure> replay(List<Sent> sends, long seed, Set<String> notConsumed) {
        Topology topology = IndicatorTopology.build(IndicatorTopology.Settings.defaults().withWriteBehindStores(writeBehindStores));
        Set<String> consumed = sourceTopics(topology);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "oracle-comparison");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDirs.resolve("driver-" + drivers.incrementAndGet()).toString());
        SplittableRandom publishing = new SplittableRandom(~seed);
        Map<String, IndicatorSnapshot> latest = new HashMap<>();
        try (TopologyTestDriver driver = new TopologyTestDriver(topology, props, WALL_CLOCK)) {
            Map<String, TestInputTopic<String, byte[]>> inputs = new HashMap<>();
            TestOutputTopic<String, IndicatorSnapshot> indicators = driver.createOutputTopic(Topics.INDICATORS.name(),
                    new StringDeserializer(), Topics.INDICATORS.valueSerde().deserializer());
            for (Sent sent : sends) {
                String topic = sent.event() == null
                        ? EventTopic.MEDIATIONS.topicName()
                        : EventType.entityKind(sent.event()).orElseThrow().topic().topicName();
                if (!consumed.contains(topic)) {
                    notConsumed.add(topic);
                    continue;
                }
                String key = sent.event() == null ? "undecodable" : Events.key(sent.event());
                byte[] value = sent.event() == null ? sent.undecodable() : SERDE.serialize(sent.event());
                inputs.computeIfAbsent(topic, t -> driver.createInputTopic(t, new StringSerializer(), new ByteArraySerializer()))
                        .pipeInput(new TestRecord<>(key, value, sent.arrival()));
                if (publishing.nextInt(60) == 0) { // publish now and then, so later changes must correct earlier snapshots
                    publish(driver, indicators, latest);
                }
            }
            publish(driver, indicators, latest);
        }
        Map<String, Figure> figures = new TreeMap<>();
        latest.forEach((key, s) -> figures.put(key, new Figure(s.getNumerator(), s.getDenominator(), s.getValue())));
        return figures;
    }

    private static void publish(TopologyTestDriver driver, TestOutputTopic<String, IndicatorSnapshot> indicators,
                                Map<String, IndicatorSnapshot> latest) {
        TopologyHarness.advanceUntilPublished(driver);
        indicators.readKeyValuesToList().forEach(kv -> latest.put(kv.key, kv.value));
    }

    private static Set<String> sourceTopics(Topology topology) {
        Set<String> topics = new TreeSet<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    topics.addAll(source.topicSet());
                }
            }
        }
        return topics;
    }

    record Mismatch(String key, Figure expected, Figure actual) {
        String scope() {
            return key.split("\\|")[0];
        }

        String period() {
            return key.split("\\|")[1];
        }

        String indicator() {
            return key.split("\\|")[2];
        }
    }

    /** Every key of either side; a key missing on one side counts as zero there. */
    static List<Mismatch> compare(Map<String, Figure> expected, Map<String, Figure> actual) {
        Set<String> keys = new TreeSet<>(expected.keySet());
        keys.addAll(actual.keySet());
        List<Mismatch> mismatches = new ArrayList<>();
        for (String key : keys) {
            String indicator = key.substring(key.lastIndexOf('|') + 1);
            Figure e = normalize(indicator, expected.get(key));
            Figure a = normalize(indicator, actual.get(key));
            if (!same(e, a)) {
                mismatches.add(new Mismatch(key, e, a));
            }
        }
        return mismatches;
    }

    private static Figure normalize(String indicator, Figure figure) {
        boolean ratio = CatalogOracle.hasDenominator(indicator);
        if (figure == null) {
            return new Figure(BigDecimal.ZERO, ratio ? BigDecimal.ZERO : null, null);
        }
        Double value = figure.value();
        if (!ratio && figure.numerator().signum() == 0) {
            value = null; // a count of zero, published or not
        }
        if (CatalogOracle.STATE_CHANGES.contains(indicator)) {
            value = null; // compared by its parts only
        }
        return new Figure(figure.numerator(), figure.denominator(), value);
    }

    private static boolean same(Figure e, Figure a) {
        if (e.numerator().compareTo(a.numerator()) != 0) {
            return false;
        }
        if ((e.denominator() == null) != (a.denominator() == null)) {
            return false;
        }
        if (e.denominator() != null && e.denominator().compareTo(a.denominator()) != 0) {
            return false;
        }
        if ((e.value() == null) != (a.value() == null)) {
            return false;
        }
        return e.value() == null || Math.abs(e.value() - a.value()) <= TOLERANCE;
    }

    // ------------------------------------------------------------------ reports

    private static String report(History history, CatalogOracle oracle, List<Mismatch> mismatches) {
        StringBuilder out = new StringBuilder();
        out.append("=== seed ").append(history.seed()).append(" (").append(history.mode()).append(", ").append(history.size())
                .append(" records, towns ").append(history.towns()).append("): ").append(mismatches.size())
                .append(" mismatching keys; replay with -Dfazhi.oracle.seed=").append(history.seed())
                .append(" -Dfazhi.oracle.cases=1\n");
        Map<String, Integer> byIndicator = new TreeMap<>();
        mismatches.forEach(m -> byIndicator.merge(m.indicator(), 1, Integer::sum));
        out.append("  keys by indicator: ").append(byIndicator).append('\n');
        // the simplest example of each indicator: a town and a month, with the fewest entities involved
        Map<String, Mismatch> simplest = new LinkedHashMap<>();
        mismatches.stream()
                .sorted(Comparator.comparingInt((Mismatch m) -> involved(oracle, m).size() + (isTown(m.scope()) ? 0 : 1000)
                        + (m.period().length() == 7 ? 0 : 500)))
                .forEach(m -> simplest.putIfAbsent(m.indicator(), m));
        int shown = 0;
        for (Mismatch m : simplest.values()) {
            if (shown++ == 6) {
                out.append("  ... and more\n");
                break;
            }
            out.append("  ").append(m.key()).append(": expected ").append(m.expected()).append(", published ").append(m.actual()).append('\n');
            List<Entity> entities = involved(oracle, m);
            entities.stream().limit(8).forEach(entity -> {
                out.append("    entity ").append(entity.key()).append('\n');
                entity.sends().forEach(s -> out.append("      ").append(s).append('\n'));
            });
            if (entities.size() > 8) {
                out.append("    (+").append(entities.size() - 8).append(" more entities)\n");
            }
            if (m.indicator().equals("dq.rejected")) {
                history.sends().stream().filter(s -> s.event() == null || !CatalogOracle.isValid(s.event(), s.arrival()))
                        .forEach(s -> out.append("    rejected ").append(s).append('\n'));
            }
        }
        return out.toString();
    }

    /** Entities of the scope whose kind feeds the indicator and that have a record occurring or arriving in the period. */
    private static List<Entity> involved(CatalogOracle oracle, Mismatch m) {
        Set<String> kinds = kindsOf(m.indicator());
        Instant[] period = interval(m.period());
        List<Entity> out = new ArrayList<>();
        for (Entity entity : oracle.entities()) {
            boolean inScope = m.scope().equals(entity.town()) || m.scope().equals(CatalogOracle.districtOf(entity.town()))
                    || m.scope().equals(CatalogOracle.cityOf(entity.town()));
            if (!inScope || !(kinds.isEmpty() || kinds.contains(entity.kind()))) {
                continue;
            }
            boolean touches = entity.sends().stream().anyMatch(s -> within(Events.occurredAt(s.event()), period)
                    || within(s.arrival(), period));
            if (touches) {
                out.add(entity);
            }
        }
        return out;
    }

    private static Set<String> kindsOf(String indicator) {
        if (indicator.startsWith("dq.")) {
            return Set.of();
        }
        if (indicator.equals("legal.opinions")) {
            return Set.of("opinion");
        }
        if (indicator.equals("legal.consultations")) {
            return Set.of("consultation");
        }
        if (indicator.equals("legal.village_advisor_coverage")) {
            return Set.of("advisor", "town");
        }
        if (indicator.equals("enforcement.inspections")) {
            return Set.of("inspection");
        }
        return switch (indicator.substring(0, indicator.indexOf('.'))) {
            case "mediation" -> Set.of("mediation");
            case "petition" -> Set.of("petition");
            case "case" -> Set.of("case");
            case "training" -> Set.of("session");
            case "exam" -> Set.of("exam");
            case "publicity" -> Set.of("activity");
            case "enforcement" -> Set.of("penalty");
            case "rulemaking" -> Set.of("document");
            case "decisions" -> Set.of("decision");
            default -> Set.of();
        };
    }

    private static boolean isTown(String scope) {
        return !scope.endsWith("000000");
    }

    private static Instant[] interval(String period) {
        YearMonth first;
        int months;
        if (period.length() == 4) {
            first = YearMonth.of(Integer.parseInt(period), 1);
            months = 12;
        } else if (period.charAt(5) == 'Q') {
            first = YearMonth.of(Integer.parseInt(period.substring(0, 4)), (period.charAt(6) - '1') * 3 + 1);
            months = 3;
        } else {
            first = YearMonth.parse(period);
            months = 1;
        }
        return new Instant[] {
            first.atDay(1).atStartOfDay(CatalogOracle.CHINA).toInstant(),
            first.plusMonths(months).atDay(1).atStartOfDay(CatalogOracle.CHINA).toInstant()};
    }

    private static boolean within(Instant t, Instant[] interval) {
        return !t.isBefore(interval[0]) && t.isBefore(interval[1]);
    }

    /**
     * Removes whole entities (and rejected records) from the history for as long as the topology
     * still disagrees with the oracle on the indicator: what remains is a minimal example.
     */
    private String shrink(History history, String indicator) {
        List<List<Sent>> groups = new ArrayList<>(groupByEntity(history.sends()));
        int chunk = Math.max(1, groups.size() / 2);
        while (true) {
            boolean removed = false;
            for (int start = 0; start < groups.size(); ) {
                List<List<Sent>> candidate = new ArrayList<>(groups);
                candidate.subList(start, Math.min(groups.size(), start + chunk)).clear();
                if (!candidate.isEmpty() && stillDisagrees(candidate, history.seed(), indicator)) {
                    groups = candidate;
                    removed = true;
                } else {
                    start += chunk;
                }
            }
            if (chunk == 1 && !removed) {
                break;
            }
            chunk = Math.max(1, chunk / 2);
        }
        List<Sent> sends = flatten(groups);
        CatalogOracle oracle = CatalogOracle.of(sends);
        List<Mismatch> mismatches = compare(oracle.figures(), replay(sends, history.seed(), new TreeSet<>())).stream()
                .filter(m -> m.indicator().equals(indicator)).toList();
        StringBuilder out = new StringBuilder("=== shrunk seed " + history.seed() + " for " + indicator + " to " + sends.size() + " records:\n");
        sends.forEach(s -> out.append("    ").append(s).append('\n'));
        mismatches.stream().sorted(Comparator.comparing(m -> (isTown(m.scope()) ? "0" : "1") + m.period().length()))
                .limit(4)
                .forEach(m -> out.append("  ").append(m.key()).append(": expected ").append(m.expected())
                        .append(", published ").append(m.actual()).append('\n'));
        return out.toString();
    }

    private boolean stillDisagrees(List<List<Sent>> groups, long seed, String indicator) {
        List<Sent> sends = flatten(groups);
        return compare(CatalogOracle.of(sends).figures(), replay(sends, seed, new TreeSet<>())).stream()
                .anyMatch(m -> m.indicator().equals(indicator));
    }

    private static List<List<Sent>> groupByEntity(List<Sent> sends) {
        Map<String, List<Sent>> groups = new LinkedHashMap<>();
        for (Sent sent : sends) {
            String key = sent.event() == null || !CatalogOracle.isValid(sent.event(), sent.arrival())
                    ? "rejected#" + sent.order()
                    : Events.key(sent.event());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(sent);
        }
        return List.copyOf(groups.values());
    }

    private static List<Sent> flatten(List<List<Sent>> groups) {
        List<Sent> sends = new ArrayList<>();
        groups.forEach(sends::addAll);
        sends.sort(Comparator.comparingInt(Sent::order));
        return sends;
    }

    // ------------------------------------------------------------------ the oracle itself

    @Test
    void shouldAttributeMediationsToTheChinaMonthOfAcceptanceWhenRolledUpToQuarterDistrictAndCity() {
        // Given
        List<SpecificRecord> events = List.of(
                accepted(TOWN, "ev-a1", "m-1", "2020-01-28T10:00+08:00", DisputeType.NEIGHBOR),
                concluded(TOWN, "ev-c1", "m-1", "2020-03-05T10:00+08:00", MediationOutcome.SUCCESS, AgreementForm.WRITTEN, false),
                accepted(TOWN, "ev-a2", "m-2", "2020-01-31T23:50+08:00", DisputeType.LABOR),
                concluded(TOWN, "ev-c2", "m-2", "2020-02-10T10:00+08:00", MediationOutcome.FAILED, null, false),
                accepted(TOWN, "ev-a3", "m-3", "2020-01-31T16:30Z", DisputeType.LABOR),
                accepted(NEIGHBOUR_TOWN, "ev-a4", "m-1", "2020-02-15T10:00+08:00", DisputeType.NEIGHBOR),
                concluded(NEIGHBOUR_TOWN, "ev-c4", "m-1", "2020-02-20T10:00+08:00", MediationOutcome.SUCCESS, AgreementForm.ORAL, true),
                accepted(OTHER_CITY_TOWN, "ev-a5", "m-1", "2020-02-15T10:00+08:00", DisputeType.NEIGHBOR));

        // When
        Map<String, Figure> figures = CatalogOracle.of(sentPromptly(events)).figures();

        // Then
        assertFigure(figures, TOWN + "|2020-01|mediation.accepted", "2", null);
        assertFigure(figures, TOWN + "|2020-01|mediation.success_rate", "1", "2");
        assertFigure(figures, TOWN + "|2020-01|mediation.written_agreements", "1", null);
        assertFigure(figures, TOWN + "|2020-01|mediation.failed", "1", null);
        assertFigure(figures, TOWN + "|2020-02|mediation.pending", "1", null);
        assertThat(figures).doesNotContainKey(TOWN + "|2020-03|mediation.succeeded");
        assertFigure(figures, TOWN + "|2020-Q1|mediation.success_rate", "1", "3");
        assertFigure(figures, TOWN + "|2020|mediation.dispute.LABOR", "2", null);
        assertFigure(figures, DISTRICT + "|2020-02|mediation.success_rate", "1", "2");
        assertFigure(figures, CITY + "|2020|mediation.accepted", "4", null);
        assertFigure(figures, CITY + "|2020-Q1|mediation.escalated_to_criminal", "1", null);
        assertFigure(figures, "120100000000|2020|mediation.accepted", "1", null);
        assertThat(figures.get(TOWN + "|2020-Q1|mediation.success_rate").value()).isEqualTo(1.0 / 3);
    }

    @Test
    void shouldCountPetitionDeadlinesInChinaCalendarDaysWhenTimesStraddleMidnight() {
        // Given: p-1 accepted on China day 16 (day 15 by UTC dates) and closed on day 61;
        // p-2 accepted on China day 15 (15 days 23 hours later) and closed on day 60
        List<SpecificRecord> events = List.of(
                received("ev-1", "p-1", "2020-03-01T23:50+08:00", PetitionCategory.BACKLOG),
                petitionAccepted("ev-2", "p-1", "2020-03-17T07:00+08:00"),
                closed("ev-3", "p-1", "2020-05-17T07:00+08:00", true, Satisfaction.UNSATISFIED),
                received("ev-4", "p-2", "2020-03-02T00:10+08:00", PetitionCategory.INITIAL),
                petitionAccepted("ev-5", "p-2", "2020-03-17T23:50+08:00"),
                closed("ev-6", "p-2", "2020-05-16T10:00+08:00", true, Satisfaction.SATISFIED),
                received("ev-7", "p-3", "2020-03-20T10:00+08:00", PetitionCategory.INITIAL),
                closed("ev-8", "p-3", "2020-04-02T10:00+08:00", false, Satisfaction.NO_RESPONSE));

        // When
        Map<String, Figure> figures = CatalogOracle.of(sentPromptly(events)).figures();

        // Then
        assertFigure(figures, TOWN + "|2020-03|petition.received", "3", null);
        assertFigure(figures, TOWN + "|2020-03|petition.accepted_on_time_rate", "1", "3");
        assertFigure(figures, TOWN + "|2020-03|petition.closure_rate", "3", "3");
        assertFigure(figures, TOWN + "|2020-03|petition.closed_on_time_rate", "1", "3");
        assertFigure(figures, TOWN + "|2020-03|petition.satisfaction_rate", "1", "2");
        assertFigure(figures, TOWN + "|2020-03|petition.initial_resolution_rate", "1", "2");
        assertFigure(figures, TOWN + "|2020-03|petition.backlog_resolution_rate", "1", "1");
        assertFigure(figures, TOWN + "|2020-05|petition.closed_in_period", "2", null);
        assertFigure(figures, TOWN + "|2020-04|petition.closed_in_period", "1", null);
        assertFigure(figures, TOWN + "|2020|petition.closed_in_period", "3", null);
    }

    @Test
    void shouldLetOnlyTheStandingVersionsCountWhenEventsAreDuplicatedCorrectedAndRetractedInAnyOrder() {
        // Given
        SpecificRecord successV1 = concluded(TOWN, "ev-c", "m-1", "2020-03-20T10:00+08:00", MediationOutcome.SUCCESS, AgreementForm.ORAL, false);
        SpecificRecord failedV2 = concluded(TOWN, "ev-c", "m-1", "2020-03-20T10:00+08:00", MediationOutcome.FAILED, null, false);
        SpecificRecord acceptance = accepted(TOWN, "ev-a", "m-1", "2020-03-02T10:00+08:00", DisputeType.NEIGHBOR);
        List<Sent> sends = List.of(
                Sent.of(successV1, instant("2020-03-21T10:00+08:00"), 0),
                Sent.of(retraction("ev-r", "ev-x", "MediationConcluded", "m-1", "2020-03-22T10:00+08:00"), instant("2020-03-22T10:00+08:00"), 1),
                Sent.of(concluded(TOWN, "ev-x", "m-1", "2020-03-25T10:00+08:00", MediationOutcome.SUCCESS, AgreementForm.WRITTEN, true),
                        instant("2020-03-26T10:00+08:00"), 2),
                Sent.of(concluded(TOWN, "ev-o", "m-2", "2020-03-28T10:00+08:00", MediationOutcome.SUCCESS, AgreementForm.ORAL, false),
                        instant("2020-04-02T10:00+08:00"), 3),
                Sent.of(acceptance, instant("2020-05-10T10:00+08:00"), 4),
                Sent.of(failedV2, instant("2020-05-11T10:00+08:00"), 5),
                Sent.of(successV1, instant("2020-05-12T10:00+08:00"), 6),
                Sent.of(acceptance, instant("2020-06-20T10:00+08:00"), 7));

        // When
        Map<String, Figure> figures = CatalogOracle.of(sends).figures();

        // Then: the correction stands although its older version came again; the retracted later conclusion is gone
        assertFigure(figures, TOWN + "|2020-03|mediation.accepted", "1", null);
        assertFigure(figures, TOWN + "|2020-03|mediation.failed", "1", null);
        assertFigure(figures, TOWN + "|2020-03|mediation.success_rate", "0", "1");
        assertThat(figures).doesNotContainKeys(TOWN + "|2020-03|mediation.succeeded", TOWN + "|2020-03|mediation.escalated_to_criminal");
        // the acceptance (69 days) and the correction (52 days) are late in the month they first arrived
        assertFigure(figures, TOWN + "|2020-05|dq.late", "2", null);
        assertThat(figures).doesNotContainKeys(TOWN + "|2020-06|dq.late", TOWN + "|2020-03|dq.orphaned");
        // m-2's conclusion still waits for its acceptance
        assertFigure(figures, TOWN + "|2020-04|dq.orphaned", "1", null);
        assertThat(figures).doesNotContainKey(TOWN + "|2020-03|mediation.oral_agreements");
    }

    @Test
    void shouldPublishNetChangesOfVillageAdvisorCoverageWhenAdvisorsComeAndGo() {
        // Given
        List<SpecificRecord> events = List.of(
                registered("ev-t1", "2020-01-05T10:00+08:00", 3),
                registered("ev-t2", "2020-06-10T10:00+08:00", 4),
                advisor("ev-1", "370323106001", "2020-01-10T10:00+08:00", true),
                advisor("ev-2", "370323106001", "2020-03-15T10:00+08:00", false),
                advisor("ev-3", "370323106001", "2020-03-20T10:00+08:00", true),
                advisor("ev-4", "370323106002", "2020-01-31T16:10Z", true),
                advisor("ev-10", "370323106003", "2020-04-01T10:00+08:00", true),
                advisor("ev-9", "370323106003", "2020-04-01T10:00+08:00", false));

        // When
        Map<String, Figure> figures = CatalogOracle.of(sentPromptly(events)).figures();

        // Then: January +1 of 3 villages; February +1 (00:10 on 1 February in China);
        // March -1 +1; April a tie that "ev-9" wins (inactive); June +1 village
        assertFigure(figures, TOWN + "|2020-01|legal.village_advisor_coverage", "1", "3");
        assertFigure(figures, TOWN + "|2020-02|legal.village_advisor_coverage", "1", "0");
        assertThat(figures).doesNotContainKeys(TOWN + "|2020-03|legal.village_advisor_coverage",
                TOWN + "|2020-04|legal.village_advisor_coverage");
        assertFigure(figures, TOWN + "|2020-06|legal.village_advisor_coverage", "0", "1");
        assertFigure(figures, TOWN + "|2020-Q1|legal.village_advisor_coverage", "2", "3");
        assertFigure(figures, CITY + "|2020|legal.village_advisor_coverage", "2", "4");
    }

    private static void assertFigure(Map<String, Figure> figures, String key, String numerator, String denominator) {
        assertThat(figures).as("figures").containsKey(key);
        Figure figure = figures.get(key);
        assertThat(figure.numerator()).as("numerator of %s", key).isEqualByComparingTo(numerator);
        if (denominator == null) {
            assertThat(figure.denominator()).as("denominator of %s", key).isNull();
        } else {
            assertThat(figure.denominator()).as("denominator of %s", key).isEqualByComparingTo(denominator);
        }
    }

    /** Each event sent an hour after it occurred, in the order given. */
    private static List<Sent> sentPromptly(List<SpecificRecord> events) {
        List<Sent> sends = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            sends.add(Sent.of(events.get(i), Events.occurredAt(events.get(i)).plus(Duration.ofHours(1)), i));
        }
        return sends;
    }

    private static Instant instant(String text) {
        return OffsetDateTime.parse(text).toInstant();
    }

    private static MediationAccepted accepted(String town, String eventId, String id, String at, DisputeType type) {
        return MediationAccepted.newBuilder().setEventId(eventId).setTownCode(town).setOccurredAt(instant(at))
                .setMediationId(id).setDisputeType(type).build();
    }

    private static MediationConcluded concluded(String town, String eventId, String id, String at, MediationOutcome outcome,
                                                 AgreementForm form, boolean escalated) {
        return MediationConcluded.newBuilder().setEventId(eventId).setTownCode(town).setOccurredAt(instant(at))
                .setMediationId(id).setOutcome(outcome).setAgreementForm(form).setEscalatedToCriminal(escalated).build();
    }

    private static EventRetracted retraction(String eventId, String retractedEventId, String type, String entityId, String at) {
        return EventRetracted.newBuilder().setEventId(eventId).setTownCode(TOWN).setOccurredAt(instant(at))
                .setRetractedEventId(retractedEventId).setRetractedType(type).setEntityId(entityId).build();
    }

    private static PetitionReceived received(String eventId, String id, String at, PetitionCategory category) {
        return PetitionReceived.newBuilder().setEventId(eventId).setTownCode(TOWN).setOccurredAt(instant(at))
                .setPetitionId(id).setCategory(category).build();
    }

    private static PetitionAccepted petitionAccepted(String eventId, String id, String at) {
        return PetitionAccepted.newBuilder().setEventId(eventId).setTownCode(TOWN).setOccurredAt(instant(at)).setPetitionId(id).build();
    }

    private static PetitionClosed closed(String eventId, String id, String at, boolean resolved, Satisfaction satisfaction) {
        return PetitionClosed.newBuilder().setEventId(eventId).setTownCode(TOWN).setOccurredAt(instant(at))
                .setPetitionId(id).setResolved(resolved).setSatisfaction(satisfaction).build();
    }

    private static TownRegistered registered(String eventId, String at, Integer villages) {
        return TownRegistered.newBuilder().setEventId(eventId).setTownCode(TOWN).setOccurredAt(instant(at))
                .setName("大张庄镇").setDistrict("沂源县").setCity("淄博市").setLevel(TownLevel.TOWN).setVillages(villages).build();
    }

    private static VillageAdvisorAssigned advisor(String eventId, String village, String at, boolean active) {
        return VillageAdvisorAssigned.newBuilder().setEventId(eventId).setTownCode(TOWN).setOccurredAt(instant(at))
                .setVillageCode(village).setAdvisorRef("lawyer-1").setActive(active).build();
    }
}
