package cn.fazhi.pulse.web.query;

import cn.fazhi.pulse.report.evidence.EvidenceTable;
import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.store.EvidenceItem;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import cn.fazhi.pulse.web.WebException;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The items behind one figure ({@code /api/evidence}): parameters checked like the other queries
 * (400/404), the figure as stored, and a page of its items from {@link EvidenceStore} — now, or as
 * of an instant. No HTTP here.
 */
public final class EvidenceQueries {
    public static final int PAGE_SIZE = 50;

    private final IndicatorQueries queries;
    private final IndicatorStore figures;
    private final EvidenceStore evidence;
    private final Clock clock;

    public EvidenceQueries(IndicatorQueries queries, IndicatorStore figures, EvidenceStore evidence, Clock clock) {
        this.queries = queries;
        this.figures = figures;
        this.evidence = evidence;
        this.clock = clock;
    }

    /** One event of an item, as the API writes it. */
    public record Event(@JsonProperty("event_id") String eventId, String type, @JsonProperty("occurred_at") Instant occurredAt,
                        @JsonProperty("arrived_at") Instant arrivedAt, String submitter, boolean corrected, boolean retracted) {}

    /** Where a refused row is and why, as the API writes it: file or request, row or line, reason (Chinese and English). */
    public record Rejection(String source, String position, String reason) {}

    /** One item, as the API writes it; {@code rejection} only for a refused row. */
    public record Item(String key, @JsonProperty("town_code") String townCode, String kind, @JsonProperty("kind_zh") String kindZh,
                       @JsonProperty("entity_id") String entityId, String state, @JsonProperty("state_zh") String stateZh,
                       @JsonProperty("opened_at") Instant openedAt,
                       @JsonProperty("closed_at") Instant closedAt, @JsonProperty("in_numerator") boolean inNumerator,
                       @JsonProperty("in_denominator") boolean inDenominator, @JsonProperty("numerator_amount") BigDecimal numeratorAmount,
                       @JsonProperty("denominator_amount") BigDecimal denominatorAmount, List<Event> events,
                       @JsonProperty("updated_at") Instant updatedAt, Rejection rejection) {

        static Item of(EvidenceItem i) {
            return new Item(i.key(), i.townCode(), i.kind(), EvidenceTable.kind(i.kind()), i.entityId(), i.state(), EvidenceTable.state(i.state()),
                    i.openedAt(), i.closedAt(),
                    i.inNumerator(), i.inDenominator(), i.numeratorAmount(), i.denominatorAmount(),
                    i.events().stream().map(e -> new Event(e.eventId(), e.type(), e.occurredAt(), e.arrivedAt(), e.submitter(), e.corrected(),
                            e.retracted())).toList(), i.updatedAt(),
                    i.rejection() == null ? null : new Rejection(i.rejection().source(), i.rejection().position(), i.rejection().reason()));
        }
    }

    /**
     * What all the items of the figure add up to, on every page, and whether that is the figure:
     * the check a reader would otherwise make by hand. It fails while the pipeline has stored a
     * figure but not yet all of its evidence (or the other way round), as in a bulk load.
     *
     * @param count the items in the numerator or the denominator, whatever {@code part} lists
     * @param denominator null for a count or an amount
     */
    public record ItemsTotal(long count, BigDecimal numerator, BigDecimal denominator, @JsonProperty("adds_up") boolean addsUp) {}

    /** One page of the answer; {@code next} is null on the last page. */
    public record Evidence(String scope, String period, String indicator, @JsonProperty("name_zh") String nameZh, String unit,
                           BigDecimal numerator, BigDecimal denominator, @JsonProperty("as_of") Instant asOf, String part,
                           @JsonProperty("items_total") ItemsTotal itemsTotal, List<Item> items, String next) {}

    /** What was asked, checked: the scope, the months, the indicator, the instant. */
    public record Request(ScopeRow scope, String period, Period parsed, YearMonth first, YearMonth last, Indicator indicator,
                          Optional<Instant> asOf, EvidenceStore.Part part) {}

    /** Checks the parameters: 400 for a missing or malformed one, 404 for an unknown scope or indicator. */
    public Request request(String scopeCode, String periodText, String indicatorId, String asOfText, String toMonth, String partText) {
        ScopeRow scope = queries.scope(scopeCode);
        Indicator indicator = IndicatorQueries.indicator(indicatorId);
        Optional<Instant> asOf = asOf(asOfText);
        YearMonth lastMonth = toMonth == null || toMonth.isBlank()
                ? YearMonth.now(clock.withZone(ChinaTime.ZONE)) : Period.month(toMonth, "to");
        Period period = Period.parse(periodText, lastMonth);
        YearMonth[] months = months(period);
        YearMonth first = months[0];
        YearMonth last = months[1];
        return new Request(scope, periodText, period, first, last, indicator, asOf, part(partText));
    }

    /** The first and last month of a period: a year's twelve, a quarter's three, a month, a window's. */
    static YearMonth[] months(Period period) {
        if (period instanceof Period.Window window) {
            return new YearMonth[] {window.first(), window.last()};
        }
        String stored = ((Period.Stored) period).period();
        if (stored.length() == 4) {
            return new YearMonth[] {YearMonth.of(Integer.parseInt(stored), 1), YearMonth.of(Integer.parseInt(stored), 12)};
        }
        if (stored.charAt(5) == 'Q') {
            YearMonth first = YearMonth.of(Integer.parseInt(stored.substring(0, 4)), (stored.charAt(6) - '0') * 3 - 2);
            return new YearMonth[] {first, first.plusMonths(2)};
        }
        return new YearMonth[] {YearMonth.parse(stored), YearMonth.parse(stored)};
    }

    /** A page of the items, with the figure they add up to. */
    public Evidence page(Request request, String cursor) {
        EvidenceStore.Page page = evidence.items(request.scope().code(), request.first(), request.last(), measures(request.indicator()),
                request.part(), request.asOf(), decode(cursor), PAGE_SIZE);
        return answer(request, page.items(), page.next().map(EvidenceQueries::encode).orElse(null));
    }

    /** Every item, for the downloads. */
    public List<EvidenceItem> all(Request request) {
        return evidence.all(request.scope().code(), request.first(), request.last(), measures(request.indicator()), request.part(),
                request.asOf());
    }

    /** The file name of a download: {@code <scope>-<period>-<indicator>-evidence}. */
    public static String fileName(Request request, String extension) {
        return request.scope().code() + "-" + request.period() + "-" + request.indicator().id() + "-evidence." + extension;
    }

    public static EvidenceStore.Measures measures(Indicator indicator) {
        return new EvidenceStore.Measures(indicator.numerator(), indicator.denominator(), indicator.amount());
    }

    /**
     * The figure as stored, for a period or summed over a window's months.
     *
     * @param numerator null when the scope has no such figure
     * @param denominator null for a count or an amount, or with no figure
     */
    public record Figure(BigDecimal numerator, BigDecimal denominator) {}

    /** The figure the items are behind, now or as of the instant asked for. */
    public Figure figure(Request request) {
        Indicator indicator = request.indicator();
        if (request.parsed() instanceof Period.Stored stored) {
            Optional<StoredSnapshot> figure = figures.indicators(request.scope().code(), stored.period(), request.asOf()).stream()
                    .filter(s -> s.indicator().equals(indicator.id())).findFirst();
            return new Figure(figure.map(StoredSnapshot::numerator).orElse(null), figure.map(StoredSnapshot::denominator).orElse(null));
        }
        int months = (int) ChronoUnit.MONTHS.between(request.first(), request.last()) + 1;
        Optional<IndicatorStore.Window> window = figures.trailing(request.scope().code(), indicator.id(), request.last(), months, request.asOf());
        return new Figure(window.map(IndicatorStore.Window::numerator).orElse(null), window.map(IndicatorStore.Window::denominator).orElse(null));
    }

    private Evidence answer(Request request, List<EvidenceItem> items, String next) {
        Indicator indicator = request.indicator();
        Figure figure = figure(request);
        return new Evidence(request.scope().code(), request.period(), indicator.id(), indicator.nameZh(), indicator.unit(), figure.numerator(),
                figure.denominator(), request.asOf().orElse(null), request.part().name().toLowerCase(),
                itemsTotal(request, figure.numerator(), figure.denominator()), items.stream().map(Item::of).toList(), next);
    }

    private ItemsTotal itemsTotal(Request request, BigDecimal numerator, BigDecimal denominator) {
        EvidenceStore.Measures measures = measures(request.indicator());
        EvidenceStore.Totals totals = evidence.totals(request.scope().code(), request.first(), request.last(), measures, request.asOf());
        BigDecimal itemsNumerator = BigDecimal.valueOf(totals.numerator(), measures.numeratorInHundredths() ? 2 : 0);
        BigDecimal itemsDenominator = measures.denominator() == null ? null : BigDecimal.valueOf(totals.denominator());
        return new ItemsTotal(totals.items(), itemsNumerator, itemsDenominator,
                EvidenceStore.addsUp(numerator, denominator, itemsNumerator, itemsDenominator));
    }

    private static Optional<Instant> asOf(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeException e) {
            try {
                return Optional.of(Instant.parse(text));
            } catch (DateTimeException again) {
                throw new WebException.BadRequest("as_of 须为带时区的时间，如 2023-06-30T12:00:00+08:00：" + text,
                        "as_of must be an instant with its offset, e.g. 2023-06-30T12:00:00+08:00: " + text);
            }
        }
    }

    private static EvidenceStore.Part part(String text) {
        if (text == null || text.isBlank() || text.equals("all")) {
            return EvidenceStore.Part.ALL;
        }
        return switch (text) {
            case "numerator" -> EvidenceStore.Part.NUMERATOR;
            case "rest" -> EvidenceStore.Part.REST;
            default -> throw new WebException.BadRequest("part 须为 all、numerator 或 rest：" + text, "part must be all, numerator or rest: " + text);
        };
    }

    private static String encode(String key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    private static Optional<String> decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new WebException.BadRequest("cursor 无效：" + cursor, "cursor is not one this API gave: " + cursor);
        }
    }
}
