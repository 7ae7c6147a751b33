package cn.fazhi.pulse.store;

import java.math.BigDecimal;
import java.math.MathContext;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The read side the report and the dashboard share. Every query can be asked {@code asOf} a past
 * instant: it then answers from the history what the current table held at that instant (the
 * instant being when the pipeline published each snapshot).
 */
public final class IndicatorStore {
    private static final String COLUMNS = "scope_code, period, indicator, numerator, denominator, value, as_of, updated_at";
    // The newest history row per key published at or before :asOf.
    private static final String AS_OF = """
            SELECT DISTINCT ON (scope_code, period, indicator) %s
            FROM indicator_history
            WHERE updated_at <= :asOf AND %s
            ORDER BY scope_code, period, indicator, updated_at DESC, source_offset DESC""";

    // Months only: "2023-Q1" has the length of "2023-03" and sorts between "2022-12" and "2023-12".
    private static final String MONTHS_ONLY = "period ~ '^[0-9]{4}-[0-9]{2}$'";

    private final Jdbi jdbi;

    public IndicatorStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Every indicator of one scope for one period. */
    public List<StoredSnapshot> indicators(String scopeCode, String period, Optional<Instant> asOf) {
        return query("scope_code = :scope AND period = :period", asOf, "scope_code, period, indicator", q -> q
                .bind("scope", scopeCode).bind("period", period));
    }

    /** One indicator of one scope, month by month from {@code fromMonth} to {@code toMonth} (yyyy-MM, inclusive). */
    public List<StoredSnapshot> trend(String scopeCode, String indicator, String fromMonth, String toMonth, Optional<Instant> asOf) {
        return query("scope_code = :scope AND indicator = :indicator AND " + MONTHS_ONLY + " AND period BETWEEN :from AND :to",
                asOf, "period", q -> q.bind("scope", scopeCode).bind("indicator", indicator).bind("from", fromMonth).bind("to", toMonth));
    }

    /** One indicator of every town of a district or city for one period, for ranking. */
    public List<StoredSnapshot> towns(String parentScopeCode, String period, String indicator, Optional<Instant> asOf) {
        String towns = "scope_code IN (SELECT code FROM scope WHERE level = 'TOWN' AND (parent_code = :parent OR parent_code IN "
                + "(SELECT code FROM scope WHERE parent_code = :parent)))";
        return query(towns + " AND period = :period AND indicator = :indicator", asOf, "scope_code",
                q -> q.bind("parent", parentScopeCode).bind("period", period).bind("indicator", indicator));
    }

    /**
     * One indicator over a trailing window of months ending with {@code lastMonth} (yyyy-MM), e.g.
     * the last 12 months: the sums of the monthly numerators and denominators, as every indicator
     * is additive. Empty when no month of the window has a figure.
     */
    public Optional<Window> trailing(String scopeCode, String indicator, YearMonth lastMonth, int months, Optional<Instant> asOf) {
        YearMonth first = lastMonth.minusMonths(months - 1L);
        if (asOf.isEmpty()) {
            return sums(List.of(scopeCode), Optional.of(indicator), first, lastMonth).stream().findFirst();
        }
        List<StoredSnapshot> inWindow = trend(scopeCode, indicator, first.toString(), lastMonth.toString(), asOf);
        if (inWindow.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal numerator = inWindow.stream().map(StoredSnapshot::numerator).reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean rate = inWindow.stream().anyMatch(s -> s.denominator() != null);
        BigDecimal denominator = rate
                ? inWindow.stream().map(s -> s.denominator() == null ? BigDecimal.ZERO : s.denominator()).reduce(BigDecimal.ZERO, BigDecimal::add)
                : null;
        return Optional.of(Window.of(scopeCode, indicator, first, lastMonth, numerator, denominator));
    }

    /**
     * Every indicator (or only {@code indicator}) of each of the given scopes summed over the
     * months {@code firstMonth} to {@code lastMonth}, in one query: the last 12 months or the
     * same months of last year for the dashboard, for one scope or all towns of a district.
     * Scopes and indicators without any month in the window are absent.
     */
    public List<Window> sums(List<String> scopeCodes, Optional<String> indicator, YearMonth firstMonth, YearMonth lastMonth) {
        if (scopeCodes.isEmpty()) {
            return List.of();
        }
        String sql = "SELECT scope_code, indicator, sum(numerator), sum(denominator) FROM indicator_current"
                + " WHERE scope_code IN (<scopes>) AND " + MONTHS_ONLY + " AND period BETWEEN :from AND :to"
                + (indicator.isPresent() ? " AND indicator = :indicator" : "")
                + " GROUP BY scope_code, indicator ORDER BY scope_code, indicator";
        return jdbi.withHandle(h -> {
            var query = h.createQuery(sql).bindList("scopes", scopeCodes)
                    .bind("from", firstMonth.toString()).bind("to", lastMonth.toString());
            indicator.ifPresent(id -> query.bind("indicator", id));
            return query.map((rs, ctx) -> Window.of(rs.getString(1), rs.getString(2), firstMonth, lastMonth,
                    rs.getBigDecimal(3), rs.getBigDecimal(4))).list();
        });
    }

    /** When the newest event folded into a scope's figures happened, and the latest month with figures other than data quality (late events count in the month they arrive). */
    public record Latest(String scopeCode, Instant newestEvent, String lastMonth) {}

    /** Empty when the scope has no figures yet. */
    public Optional<Latest> latest(String scopeCode) {
        return jdbi.withHandle(h -> h.createQuery("SELECT max(as_of), max(period) FILTER (WHERE " + MONTHS_ONLY + " AND indicator NOT LIKE 'dq.%') FROM indicator_current"
                        + " WHERE scope_code = :scope")
                .bind("scope", scopeCode)
                .map((rs, ctx) -> rs.getTimestamp(1) == null ? null : new Latest(scopeCode, rs.getTimestamp(1).toInstant(), rs.getString(2)))
                .findOne());
    }

    /** An indicator summed over consecutive months. */
    public record Window(String scopeCode, String indicator, YearMonth firstMonth, YearMonth lastMonth,
                         BigDecimal numerator, BigDecimal denominator, Double value) {

        /** The value as a snapshot has it: the ratio where there is a denominator (none when it is 0), else the sum. */
        static Window of(String scopeCode, String indicator, YearMonth firstMonth, YearMonth lastMonth, BigDecimal numerator, BigDecimal denominator) {
            Double value = denominator == null ? Double.valueOf(numerator.doubleValue())
                    : denominator.signum() == 0 ? null : numerator.divide(denominator, MathContext.DECIMAL64).doubleValue();
            return new Window(scopeCode, indicator, firstMonth, lastMonth, numerator, denominator, value);
        }
    }

    /** Every snapshot of one scope, all periods: what a report of that scope reads. */
    public List<StoredSnapshot> ofScope(String scopeCode, Optional<Instant> asOf) {
        return query("scope_code = :scope", asOf, "period, indicator", q -> q.bind("scope", scopeCode));
    }

    /** Every stored snapshot, ordered by scope, period and indicator. */
    public List<StoredSnapshot> all(Optional<Instant> asOf) {
        return query("TRUE", asOf, "scope_code, period, indicator", q -> q);
    }

    public List<ScopeRow> scopes() {
        return jdbi.withHandle(h -> h.createQuery("SELECT code, level, name, parent_code, town_level, villages FROM scope ORDER BY code")
                .map((rs, ctx) -> new ScopeRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), (Integer) rs.getObject(6)))
                .list());
    }

    private interface Binder {
        org.jdbi.v3.core.statement.Query bind(org.jdbi.v3.core.statement.Query query);
    }

    private List<StoredSnapshot> query(String where, Optional<Instant> asOf, String orderBy, Binder binder) {
        String sql = asOf.isPresent()
                ? "SELECT * FROM (" + String.format(AS_OF, COLUMNS, where) + ") AS as_of_then ORDER BY " + orderBy
                : "SELECT " + COLUMNS + " FROM indicator_current WHERE " + where + " ORDER BY " + orderBy;
        return jdbi.withHandle(h -> {
            var query = binder.bind(h.createQuery(sql));
            asOf.ifPresent(instant -> query.bind("asOf", Timestamp.from(instant)));
            return query.map(IndicatorStore::snapshot).list();
        });
    }

    private static StoredSnapshot snapshot(ResultSet rs, StatementContext ctx) throws SQLException {
        return new StoredSnapshot(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4), rs.getBigDecimal(5),
                (Double) rs.getObject(6), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant());
    }
}
