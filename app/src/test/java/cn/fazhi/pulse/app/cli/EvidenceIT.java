package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.events.MediationConcluded;
import cn.fazhi.pulse.events.MediationOutcome;
import cn.fazhi.pulse.events.PenaltyImposed;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.testkit.sample.SeedTownsSample;
import cn.fazhi.pulse.producers.simulate.HistorySimulator;
import cn.fazhi.pulse.producers.simulate.SimulatedEvent;
import cn.fazhi.pulse.runtime.Endpoints;
import cn.fazhi.pulse.runtime.Pipeline;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.Passwords;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.EvidenceItem;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.StoredSnapshot;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import cn.fazhi.pulse.web.query.EvidenceQueries;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence behind the figures on the whole pipeline (real broker, real database): for every
 * stored figure of the seed sample and of a simulated history fed with duplicates, corrections,
 * retractions and late events, the items add up to it — now, and as of instants before and after
 * a correction and a retraction; and the API pages and downloads them.
 */
@ExtendWith(PipelineBackends.class)
class EvidenceIT {
    private static final Duration IDLE_WITHIN = Duration.ofMinutes(4);

    @TempDir
    Path work;

    private Pipeline pipeline;
    private Jdbi jdbi;
    private int port;
    /** Every request reads as an administrator: what is checked here is the items, not who may see them. */
    private String readerToken;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void startPipeline(Backends backends) throws Exception {
        port = freePort();
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        flags.put(ConfigKey.DATA_DIR, work.toString());
        flags.put(ConfigKey.HTTP_PORT, Integer.toString(port));
        flags.put(ConfigKey.STREAMS_APPLICATION_ID, "evidence-it-" + run);
        flags.put(ConfigKey.SINK_GROUP_ID, "evidence-it-sink-" + run);
        FazhiConfig config = FazhiConfig.load(Optional.empty(), Map.of(), flags);
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        Endpoints endpoints = new Endpoints(backends.bootstrapServers(), database, Map.of());
        pipeline = Pipeline.prepare(endpoints, config).startStreams().startSink();
        pipeline.alsoClosing(WebRuntime.start(endpoints, config));
        jdbi = database.jdbi();
        AccountStore accounts = new AccountStore(jdbi);
        accounts.add("evidence-it-reader", Role.ADMIN, AccessScope.EVERYTHING, Passwords.generate());
        readerToken = accounts.createToken("evidence-it-reader", Duration.ofDays(1)).secret();
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void shouldAddUpToEveryFigureNowAndAsOfInstantsBeforeAndAfterACorrectionWhenHistoriesAreProcessed() throws Exception {
        // Given the seed sample and a simulated history of three towns over two years, with duplicates,
        // late events, corrections of penalties and retractions of mediation conclusions
        List<SpecificRecord> simulated = new ArrayList<>();
        new HistorySimulator(new HistorySimulator.Settings(3, 2021, 2022, 17, 0.3, 0.05, 0.1)).forEach(e -> simulated.add(e.event()));
        List<PenaltyImposed> penalties = simulated.stream().filter(PenaltyImposed.class::isInstance).map(PenaltyImposed.class::cast).toList();
        List<MediationConcluded> successes = simulated.stream().filter(MediationConcluded.class::isInstance).map(MediationConcluded.class::cast)
                .filter(c -> c.getOutcome() == MediationOutcome.SUCCESS).toList();
        List<SpecificRecord> first = new ArrayList<>(seedSample());
        first.addAll(simulated);
        penalties.stream().limit(20).map(p -> corrected(p, "1.00")).forEach(first::add);
        successes.stream().limit(20).map(EvidenceIT::retraction).forEach(first::add);
        publish(first);
        pipeline.awaitIdle(IDLE_WITHIN);
        Instant beforeCorrection = Instant.now();
        Thread.sleep(50);

        // When one more penalty is corrected and one more conclusion retracted
        PenaltyImposed penalty = penalties.get(30);
        MediationConcluded conclusion = successes.get(30);
        publish(List.of(corrected(penalty, "250.00"), retraction(conclusion)));
        pipeline.awaitIdle(IDLE_WITHIN);
        Instant afterCorrection = Instant.now();

        // Then every figure's items add up to it, now and as of both instants
        IndicatorStore figures = new IndicatorStore(jdbi);
        int checked = assertItemsAddUp(figures.all(Optional.empty()), totals(Optional.empty()));
        assertItemsAddUp(figures.all(Optional.of(beforeCorrection)), totals(Optional.of(beforeCorrection)));
        assertItemsAddUp(figures.all(Optional.of(afterCorrection)), totals(Optional.of(afterCorrection)));
        assertThat(checked).as("figures checked").isGreaterThan(5000);

        // And the corrected penalty shows its old fine before and its new one, marked corrected, after
        EvidenceStore evidence = new EvidenceStore(jdbi);
        Indicator fines = IndicatorCatalog.byId("enforcement.fines_yuan").orElseThrow();
        String penaltyKey = Events.key(penalty);
        YearMonth penaltyMonth = YearMonth.from(penalty.getOccurredAt().atZone(cn.fazhi.pulse.schemas.ChinaTime.ZONE));
        EvidenceItem before = item(evidence, penalty.getTownCode(), penaltyMonth, fines, Optional.of(beforeCorrection), penaltyKey);
        EvidenceItem after = item(evidence, penalty.getTownCode(), penaltyMonth, fines, Optional.empty(), penaltyKey);
        assertThat(before.numeratorAmount()).isEqualByComparingTo(penalty.getFineYuan());
        assertThat(before.events()).extracting(EvidenceItem.Event::corrected).containsOnly(false);
        assertThat(after.numeratorAmount()).isEqualByComparingTo("250.00");
        assertThat(after.events()).extracting(EvidenceItem.Event::corrected).containsExactly(true);
        assertThat(item(evidence, penalty.getTownCode(), penaltyMonth, fines, Optional.of(afterCorrection), penaltyKey).numeratorAmount())
                .isEqualByComparingTo("250.00");

        // And the mediation whose conclusion was retracted leaves the succeeded list, and is still pending
        Indicator succeeded = IndicatorCatalog.byId("mediation.succeeded").orElseThrow();
        Indicator pending = IndicatorCatalog.byId("mediation.pending").orElseThrow();
        String mediationKey = Events.key(conclusion);
        String town = conclusion.getTownCode();
        assertThat(keys(evidence, town, succeeded, Optional.of(beforeCorrection))).contains(mediationKey);
        assertThat(keys(evidence, town, succeeded, Optional.empty())).doesNotContain(mediationKey);
        assertThat(keys(evidence, town, pending, Optional.empty())).contains(mediationKey);
    }

    @Test
    void shouldReturnEveryItemOnceAcrossPagesAndTheSameItemsInCsvAndXlsxWhenTheApiIsAsked() throws Exception {
        // Given a simulated town's two years
        List<SpecificRecord> simulated = new ArrayList<>();
        HistorySimulator simulator = new HistorySimulator(new HistorySimulator.Settings(2, 2021, 2022, 29, 0.3, 0.05, 0.05));
        simulator.forEach(e -> simulated.add(e.event()));
        publish(simulated);
        pipeline.awaitIdle(IDLE_WITHIN);
        String town = simulator.towns().get(0).code();
        String district = town.substring(0, 6) + "000000";

        // When the items of a district-year rate are read page by page
        String query = "scope=" + district + "&period=2021&indicator=petition.closure_rate";
        ObjectMapper json = new ObjectMapper();
        List<String> paged = new ArrayList<>();
        BigDecimal numerator = BigDecimal.ZERO;
        BigDecimal denominator = BigDecimal.ZERO;
        JsonNode page = json.readTree(get("/api/evidence?" + query).body());
        JsonNode firstPage = page;
        int pages = 1;
        while (true) {
            for (JsonNode item : page.get("items")) {
                paged.add(item.get("key").asText());
                numerator = numerator.add(item.get("numerator_amount").decimalValue());
                denominator = denominator.add(item.get("denominator_amount").decimalValue());
            }
            if (page.get("next").isNull()) {
                break;
            }
            page = json.readTree(get("/api/evidence?" + query + "&cursor=" + page.get("next").asText()).body());
            pages++;
        }

        // Then every item comes once, and they add up to the figure
        assertThat(pages).isGreaterThan(1);
        assertThat(new HashSet<>(paged)).hasSameSizeAs(paged);
        assertThat(numerator).isEqualByComparingTo(firstPage.get("numerator").decimalValue());
        assertThat(denominator).isEqualByComparingTo(firstPage.get("denominator").decimalValue());

        // And the answer says so itself, on every page: how many items, what they add up to, and that it is the figure
        for (JsonNode answer : List.of(firstPage, page)) {
            JsonNode total = answer.get("items_total");
            assertThat(total.get("adds_up").asBoolean()).isTrue();
            assertThat(total.get("count").asInt()).isEqualTo(paged.size());
            assertThat(total.get("numerator").decimalValue()).isEqualByComparingTo(numerator);
            assertThat(total.get("denominator").decimalValue()).isEqualByComparingTo(denominator);
        }

        // And the downloads carry the same items
        String csv = new String(get("/api/evidence?" + query + "&format=csv").body().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        List<String> csvLines = csv.lines().skip(1).toList();
        assertThat(csv).startsWith("\uFEFF镇街代码,类别,编号");
        assertThat(csvLines).hasSameSizeAs(paged);
        HttpResponse<byte[]> xlsx = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "/api/evidence?" + query + "&format=xlsx"))
                        .header("Authorization", "Bearer " + readerToken).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(xlsx.statusCode()).isEqualTo(200);
        Set<String> xlsxIds = new HashSet<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getRow(1).getCell(0).getStringCellValue()).isEqualTo("镇街代码");
            for (int r = 2; r < sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                xlsxIds.add(row.getCell(0).getStringCellValue() + "|" + row.getCell(2).getStringCellValue());
            }
            // the last row totals them, and they are the figure
            Row total = sheet.getRow(sheet.getLastRowNum());
            assertThat(total.getCell(0).getStringCellValue()).isEqualTo("合计");
            assertThat(total.getCell(8).getNumericCellValue()).isEqualTo(numerator.doubleValue());
            assertThat(total.getCell(9).getNumericCellValue()).isEqualTo(denominator.doubleValue());
            assertThat(total.getCell(10).getStringCellValue()).isEqualTo("与指标数一致 ✓");
        }
        Set<String> csvIds = new HashSet<>();
        csvLines.forEach(line -> {
            String[] cells = line.split(",");
            csvIds.add(cells[0] + "|" + cells[2]);
        });
        Set<String> pagedIds = new HashSet<>();
        paged.forEach(key -> {
            String[] parts = key.split("\\|");
            pagedIds.add(parts[0] + "|" + parts[2]);
        });
        assertThat(csvIds).isEqualTo(pagedIds);
        assertThat(xlsxIds).isEqualTo(pagedIds);

        // And bad requests are answered as elsewhere
        assertThat(get("/api/evidence?scope=" + district + "&period=2021&indicator=no.such").statusCode()).isEqualTo(404);
        assertThat(get("/api/evidence?scope=999999999999&period=2021&indicator=petition.closure_rate").statusCode()).isEqualTo(404);
        assertThat(get("/api/evidence?scope=" + district + "&period=20x1&indicator=petition.closure_rate").statusCode()).isEqualTo(400);
        assertThat(get("/api/evidence?" + query + "&as_of=yesterday").statusCode()).isEqualTo(400);

        // And when an item's amounts are not stored (as while a bulk load's evidence is still being written),
        // the answer says that the items do not add up to the figure
        jdbi.useHandle(h -> h.execute("DELETE FROM evidence_amount WHERE item_key = ?", paged.get(0)));
        JsonNode missing = json.readTree(get("/api/evidence?" + query).body()).get("items_total");
        assertThat(missing.get("adds_up").asBoolean()).isFalse();
        assertThat(missing.get("count").asInt()).isEqualTo(paged.size() - 1);
        assertThat(missing.get("denominator").decimalValue()).isLessThan(denominator);
    }

    // ------------------------------------------------------------------ the invariant

    /**
     * Per scope, period and measure, the amounts of the items as they stood (now, or as of an
     * instant), rolled up to towns, districts and cities by month, quarter and year as the pipeline
     * rolls figures up.
     */
    private Map<String, Long> totals(Optional<Instant> asOf) {
        String amounts = asOf.isEmpty()
                ? "SELECT town_code, month, measure, amount FROM evidence_amount"
                : """
                  SELECT a.town_code, a.month, a.measure, a.amount
                  FROM (SELECT DISTINCT ON (item_key) amount_towns, amount_months, amount_measures, amounts FROM evidence_version
                        WHERE updated_at <= :asOf ORDER BY item_key, updated_at DESC, source_offset DESC) AS l
                  CROSS JOIN LATERAL unnest(l.amount_towns, l.amount_months, l.amount_measures, l.amounts) AS a(town_code, month, measure, amount)""";
        String sql = """
                SELECT s.scope, p.period, a.measure, sum(a.amount)
                FROM (%s) AS a
                CROSS JOIN LATERAL (SELECT DISTINCT x FROM (VALUES (a.town_code), (left(a.town_code, 6) || '000000'),
                    (left(a.town_code, 4) || '00000000')) AS v(x)) AS s(scope)
                CROSS JOIN LATERAL (VALUES (a.month), (left(a.month, 4)),
                    (left(a.month, 4) || '-Q' || ((substr(a.month, 6, 2)::int + 2) / 3))) AS p(period)
                GROUP BY 1, 2, 3""".formatted(amounts);
        return jdbi.withHandle(h -> {
            var query = h.createQuery(sql);
            asOf.ifPresent(instant -> query.bind("asOf", Timestamp.from(instant)));
            Map<String, Long> totals = new HashMap<>();
            query.map((rs, ctx) -> Map.entry(rs.getString(1) + '|' + rs.getString(2) + '|' + rs.getString(3), rs.getLong(4)))
                    .forEach(e -> totals.put(e.getKey(), e.getValue()));
            return totals;
        });
    }

    private static int assertItemsAddUp(List<StoredSnapshot> figures, Map<String, Long> totals) {
        List<String> mismatches = new ArrayList<>();
        for (StoredSnapshot figure : figures) {
            Indicator indicator = IndicatorCatalog.byId(figure.indicator()).orElseThrow();
            String at = figure.scopeCode() + '|' + figure.period() + '|';
            BigDecimal numerator = BigDecimal.valueOf(totals.getOrDefault(at + indicator.numerator(), 0L), indicator.amount() ? 2 : 0);
            if (numerator.compareTo(figure.numerator()) != 0) {
                mismatches.add(at + indicator.id() + " numerator " + figure.numerator() + " but items add up to " + numerator);
            }
            if (indicator.hasDenominator()) {
                BigDecimal denominator = BigDecimal.valueOf(totals.getOrDefault(at + indicator.denominator(), 0L));
                if (denominator.compareTo(figure.denominator()) != 0) {
                    mismatches.add(at + indicator.id() + " denominator " + figure.denominator() + " but items add up to " + denominator);
                }
            }
        }
        assertThat(mismatches).as("figures whose items do not add up (of " + figures.size() + ")").isEmpty();
        return figures.size();
    }

    // ------------------------------------------------------------------ helpers

    private static EvidenceItem item(EvidenceStore evidence, String town, YearMonth month, Indicator indicator, Optional<Instant> asOf, String key) {
        return evidence.all(town, month, month, EvidenceQueries.measures(indicator), EvidenceStore.Part.ALL, asOf).stream()
                .filter(i -> i.key().equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError(key + " is not among the items of " + indicator.id() + " " + town + " " + month + " as of " + asOf));
    }

    private static List<String> keys(EvidenceStore evidence, String town, Indicator indicator, Optional<Instant> asOf) {
        return evidence.all(town, YearMonth.of(2021, 1), YearMonth.of(2022, 12), EvidenceQueries.measures(indicator), EvidenceStore.Part.NUMERATOR, asOf)
                .stream().map(EvidenceItem::key).toList();
    }

    private static PenaltyImposed corrected(PenaltyImposed penalty, String fine) {
        return PenaltyImposed.newBuilder(penalty).setFineYuan(new BigDecimal(fine)).build();
    }

    private static EventRetracted retraction(MediationConcluded conclusion) {
        return EventRetracted.newBuilder()
                .setEventId("r-" + conclusion.getEventId())
                .setTownCode(conclusion.getTownCode())
                .setOccurredAt(conclusion.getOccurredAt().plusSeconds(3600))
                .setOfficeId(conclusion.getOfficeId())
                .setRetractedEventId(conclusion.getEventId())
                .setRetractedType("MediationConcluded")
                .setEntityId(conclusion.getMediationId())
                .build();
    }

    private static List<SpecificRecord> seedSample() {
        EventJsonCodec codec = new EventJsonCodec();
        return SeedTownsSample.lines().stream().map(codec::decode).map(d -> ((DecodedEvent.Accepted) d).event()).toList();
    }

    private void publish(List<? extends SpecificRecord> events) {
        try (EventPublisher publisher = new EventPublisher(pipeline.endpoints().kafkaConfig())) {
            events.forEach(publisher::publish);
            publisher.flush();
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + path))
                .header("Authorization", "Bearer " + readerToken).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
