package cn.fazhi.pulse.store;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The items behind a figure, from the stored evidence: for a scope, a range of months and the
 * measures of one indicator, every item whose amounts in them are not zero, with what it adds to
 * the numerator and the denominator — now, or {@code asOf} a past instant (then from the history,
 * as {@link IndicatorStore} answers figures). The numerator amounts of the items add up to the
 * figure's numerator, and the denominator amounts to its denominator, because both are sums of
 * the same contributions. Paged by item key.
 */
public final class EvidenceStore {
    /** Largest page asked for at once. */
    public static final int MAX_PAGE = 1000;

    // The amounts of the items as they stood at :asOf: each item's newest version published by then.
    private static final String AS_OF_AMOUNTS = """
            WITH latest AS (
                SELECT DISTINCT ON (item_key) item_key, amount_towns, amount_months, amount_measures, amounts
                FROM evidence_version
                WHERE updated_at <= :asOf AND town_code BETWEEN :lo AND :hi
                ORDER BY item_key, updated_at DESC, source_offset DESC)
            SELECT l.item_key, a.town_code, a.month, a.measure, a.amount
            FROM latest l CROSS JOIN LATERAL unnest(l.amount_towns, l.amount_months, l.amount_measures, l.amounts)
                AS a(town_code, month, measure, amount)""";
    private static final String CURRENT_AMOUNTS = "SELECT item_key, town_code, month, measure, amount FROM evidence_amount";
    private static final String SELECTED = """
            SELECT a.item_key,
                COALESCE(sum(a.amount) FILTER (WHERE a.measure = :numerator), 0) AS numerator,
                COALESCE(sum(a.amount) FILTER (WHERE a.measure = :denominator), 0) AS denominator
            FROM (%s) AS a
            WHERE a.measure IN (:numerator, :denominator) AND a.month BETWEEN :first AND :last
              AND a.town_code BETWEEN :lo AND :hi AND a.item_key > :after
            GROUP BY a.item_key
            HAVING %s
            ORDER BY a.item_key
            LIMIT :limit""";
    // What every item of the figure adds up to, whatever the page: the figure's own check.
    private static final String TOTALS = """
            SELECT count(*) FILTER (WHERE numerator <> 0 OR denominator <> 0), COALESCE(sum(numerator), 0), COALESCE(sum(denominator), 0)
            FROM (SELECT COALESCE(sum(a.amount) FILTER (WHERE a.measure = :numerator), 0) AS numerator,
                      COALESCE(sum(a.amount) FILTER (WHERE a.measure = :denominator), 0) AS denominator
                  FROM (%s) AS a
                  WHERE a.measure IN (:numerator, :denominator) AND a.month BETWEEN :first AND :last
                    AND a.town_code BETWEEN :lo AND :hi
                  GROUP BY a.item_key) AS per_item""";
    private static final String NUMERATOR = "COALESCE(sum(a.amount) FILTER (WHERE a.measure = :numerator), 0) <> 0";
    private static final String DENOMINATOR = "COALESCE(sum(a.amount) FILTER (WHERE a.measure = :denominator), 0) <> 0";
    private static final String ITEM_COLUMNS = "item_key, town_code, kind, entity_id, state, opened_at, closed_at, updated_at, rejection";
    private static final String EVENTS = "json_array_elements(i.events) WITH ORDINALITY AS e(event, n)";

    private final Jdbi jdbi;

    public EvidenceStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * What to list: the measures of one indicator.
     *
     * @param denominator null for a count or an amount
     * @param numeratorInHundredths true where the numerator is held in hundredths (yuan, hours, points)
     */
    public record Measures(String numerator, String denominator, boolean numeratorInHundredths) {}

    /** Which items: all of them, those in the numerator, or the others (in the denominator only). */
    public enum Part {
        ALL, NUMERATOR, REST
    }

    /** One page of items, and the cursor of the next (empty on the last page). */
    public record Page(List<EvidenceItem> items, Optional<String> next) {}

    /**
     * What all the items of a figure add up to, in the units the measures are stored in
     * (hundredths where {@link Measures#numeratorInHundredths()}).
     *
     * @param items how many items add something to the numerator or the denominator
     */
    public record Totals(long items, long numerator, long denominator) {}

    /**
     * @param scopeCode a town, district ({@code ……000000}) or city ({@code ……00000000}) code
     * @param after the key of the last item of the previous page, or empty for the first
     */
    public Page items(String scopeCode, YearMonth first, YearMonth last, Measures measures, Part part, Optional<Instant> asOf,
                      Optional<String> after, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_PAGE));
        String[] towns = townRange(scopeCode);
        String having = switch (part) {
            case ALL -> NUMERATOR + " OR " + DENOMINATOR;
            case NUMERATOR -> NUMERATOR;
            case REST -> DENOMINATOR + " AND NOT (" + NUMERATOR + ")";
        };
        String amounts = asOf.isPresent() ? AS_OF_AMOUNTS : CURRENT_AMOUNTS;
        String sql = SELECTED.formatted(amounts, having);
        return jdbi.withHandle(h -> {
            Query query = figureQuery(h, sql, towns, first, last, measures, asOf)
                    .bind("after", after.orElse(""))
                    .bind("limit", size + 1);
            Map<String, long[]> selected = new LinkedHashMap<>();
            query.map((rs, ctx) -> Map.entry(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)}))
                    .forEach(e -> selected.put(e.getKey(), e.getValue()));
            List<String> keys = new ArrayList<>(selected.keySet());
            Optional<String> next = Optional.empty();
            if (keys.size() > size) {
                keys = keys.subList(0, size);
                next = Optional.of(keys.get(size - 1));
            }
            return new Page(details(h, keys, selected, measures, asOf, towns), next);
        });
    }

    /**
     * What every item of the figure adds up to, now or as of an instant: equal to the stored figure
     * once the pipeline has stored both; different while the evidence of a bulk load is still
     * being stored, which is worth saying to whoever reads the list.
     */
    public Totals totals(String scopeCode, YearMonth first, YearMonth last, Measures measures, Optional<Instant> asOf) {
        String[] towns = townRange(scopeCode);
        String sql = TOTALS.formatted(asOf.isPresent() ? AS_OF_AMOUNTS : CURRENT_AMOUNTS);
        return jdbi.withHandle(h -> figureQuery(h, sql, towns, first, last, measures, asOf)
                .map((rs, ctx) -> new Totals(rs.getLong(1), rs.getLong(2), rs.getLong(3))).one());
    }

    /**
     * Whether items adding up to {@code itemsNumerator} (and {@code itemsDenominator}, null when
     * the figure is not a rate) are the stored figure. No stored figure is a figure of nothing: it
     * adds up when no item counts either.
     */
    public static boolean addsUp(BigDecimal figureNumerator, BigDecimal figureDenominator, BigDecimal itemsNumerator,
                                 BigDecimal itemsDenominator) {
        return same(figureNumerator, itemsNumerator) && (itemsDenominator == null || same(figureDenominator, itemsDenominator));
    }

    private static boolean same(BigDecimal figure, BigDecimal items) {
        return (figure == null ? BigDecimal.ZERO : figure).compareTo(items) == 0;
    }

    /** Every item, page after page: for the downloads and the report's appendix. */
    public List<EvidenceItem> all(String scopeCode, YearMonth first, YearMonth last, Measures measures, Part part, Optional<Instant> asOf) {
        List<EvidenceItem> all = new ArrayList<>();
        Optional<String> after = Optional.empty();
        do {
            Page page = items(scopeCode, first, last, measures, part, asOf, after, MAX_PAGE);
            all.addAll(page.items());
            after = page.next();
        } while (after.isPresent());
        return all;
    }

    /** A query over the amounts of one figure's items: its measures, months and towns, now or as of an instant. */
    private static Query figureQuery(Handle h, String sql, String[] towns, YearMonth first, YearMonth last, Measures measures,
                                     Optional<Instant> asOf) {
        Query query = h.createQuery(sql)
                .bind("numerator", measures.numerator())
                // never a measure: a count's items are matched by their numerator alone
                .bind("denominator", measures.denominator() == null ? "" : measures.denominator())
                .bind("first", first.toString()).bind("last", last.toString())
                .bind("lo", towns[0]).bind("hi", towns[1]);
        asOf.ifPresent(instant -> query.bind("asOf", Timestamp.from(instant)));
        return query;
    }

    private static List<EvidenceItem> details(Handle h, List<String> keys, Map<String, long[]> amounts, Measures measures,
                                              Optional<Instant> asOf, String[] towns) {
        if (keys.isEmpty()) {
            return List.of();
        }
        // The version the amounts came from: the current row, or the newest published by asOf.
        String items = asOf.isEmpty()
                ? "SELECT v.* FROM evidence_latest l JOIN evidence_version v ON (v.town_code, v.item_key, v.updated_at,"
                        + " v.source_partition, v.source_offset) = (l.town_code, l.item_key, l.updated_at, l.source_partition, l.source_offset)"
                        + " WHERE l.item_key IN (<keys>)"
                : "SELECT DISTINCT ON (item_key) * FROM evidence_version"
                        + " WHERE item_key IN (<keys>) AND updated_at <= :asOf AND town_code BETWEEN :lo AND :hi"
                        + " ORDER BY item_key, updated_at DESC, source_offset DESC";
        Map<String, List<EvidenceItem.Event>> events = new HashMap<>();
        Query eventQuery = h.createQuery("SELECT i.item_key, e.event->>'event_id', e.event->>'type', (e.event->>'occurred_at')::bigint,"
                        + " (e.event->>'arrived_at')::bigint, e.event->>'submitter', (e.event->>'corrected')::boolean, (e.event->>'retracted')::boolean"
                        + " FROM (" + items + ") AS i, " + EVENTS + " ORDER BY i.item_key, e.n")
                .bindList("keys", keys);
        bindAsOf(eventQuery, asOf, towns);
        eventQuery.map((rs, ctx) -> Map.entry(rs.getString(1), new EvidenceItem.Event(rs.getString(2), rs.getString(3),
                        Instant.ofEpochMilli(rs.getLong(4)), Instant.ofEpochMilli(rs.getLong(5)), rs.getString(6), rs.getBoolean(7), rs.getBoolean(8))))
                .forEach(e -> events.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        Map<String, EvidenceItem> byKey = new HashMap<>();
        Query itemQuery = h.createQuery("SELECT " + ITEM_COLUMNS + ", rejection->>'source', rejection->>'position', rejection->>'reason'"
                + " FROM (" + items + ") AS i").bindList("keys", keys);
        bindAsOf(itemQuery, asOf, towns);
        itemQuery.map((rs, ctx) -> {
            String key = rs.getString(1);
            long[] amount = amounts.get(key);
            BigDecimal numerator = BigDecimal.valueOf(amount[0], measures.numeratorInHundredths() ? 2 : 0);
            BigDecimal denominator = measures.denominator() == null ? null : BigDecimal.valueOf(amount[1]);
            return new EvidenceItem(key, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), instant(rs.getTimestamp(6)),
                    instant(rs.getTimestamp(7)), amount[0] != 0, amount[1] != 0, numerator, denominator,
                    List.copyOf(events.getOrDefault(key, List.of())), instant(rs.getTimestamp(8)),
                    rs.getString(9) == null ? null : new EvidenceItem.Rejection(rs.getString(10), rs.getString(11), rs.getString(12)));
        }).forEach(item -> byKey.put(item.key(), item));
        return keys.stream().map(byKey::get).filter(java.util.Objects::nonNull).toList();
    }

    private static void bindAsOf(Query query, Optional<Instant> asOf, String[] towns) {
        asOf.ifPresent(instant -> query.bind("asOf", Timestamp.from(instant)).bind("lo", towns[0]).bind("hi", towns[1]));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /**
     * The town codes a scope sums: a city the towns of its first 4 digits, a district of its first
     * 6, a town itself — as the pipeline rolls figures up.
     */
    static String[] townRange(String scopeCode) {
        int prefix = scopeCode.substring(4).chars().allMatch(c -> c == '0') ? 4
                : scopeCode.substring(6).chars().allMatch(c -> c == '0') ? 6 : 12;
        String head = scopeCode.substring(0, prefix);
        return new String[] {head + "0".repeat(12 - prefix), head + "9".repeat(12 - prefix)};
    }
}
