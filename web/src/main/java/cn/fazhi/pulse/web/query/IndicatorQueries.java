package cn.fazhi.pulse.web.query;

import cn.fazhi.pulse.report.model.Targets;
import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import cn.fazhi.pulse.web.WebException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the query API answers, from the stored snapshots: parameters checked (400/404 with a
 * message), then one or two reads of {@link IndicatorStore}. No HTTP here.
 */
public final class IndicatorQueries {
    /** Scopes change only when a town registers; reading them for every request cost more than the query itself. */
    private static final Duration SCOPES_MAX_AGE = Duration.ofSeconds(10);

    private final IndicatorStore store;
    private final Clock clock;
    private final Targets targets;
    private volatile ScopeDirectory scopes;
    private volatile long scopesReadAt;

    public IndicatorQueries(IndicatorStore store, Clock clock, Targets targets) {
        this.store = store;
        this.clock = clock;
        this.targets = targets;
    }

    /** One indicator's figure for a scope and period; {@code asOf} is the newest event folded in (null for windows). */
    public record Figure(String scope, String period, String indicator, String nameZh, String unit,
                         BigDecimal numerator, BigDecimal denominator, Double value, Instant asOf) {}

    public record Indicators(ScopeRow scope, String period, List<Figure> indicators) {}

    public record Trend(String scope, String indicator, String nameZh, String unit, List<Figure> months) {}

    public record RankedTown(int rank, String code, String name, BigDecimal numerator, BigDecimal denominator, Double value, boolean shortfall) {}

    public record Ranking(ScopeRow scope, String period, String indicator, String nameZh, String unit, Double target, List<RankedTown> towns) {}

    public record Freshness(String scope, Instant newestEvent, String lastMonth) {}

    /** The scopes as read at most {@link #SCOPES_MAX_AGE} ago. */
    public ScopeDirectory scopes() {
        if (scopes == null || System.nanoTime() - scopesReadAt > SCOPES_MAX_AGE.toNanos()) {
            return freshScopes();
        }
        return scopes;
    }

    /** A scope by code; one not known yet is looked for again in the database, so a town registered a moment ago is found. */
    public ScopeRow scope(String code) {
        try {
            return scopes().require(code);
        } catch (WebException.NotFound e) {
            return freshScopes().require(code);
        }
    }

    /** The scopes read now: for {@code /api/scopes} and {@code /health}, which must show the database as it is. */
    public ScopeDirectory freshScopes() {
        ScopeDirectory read = new ScopeDirectory(store.scopes());
        scopes = read;
        scopesReadAt = System.nanoTime();
        return read;
    }

    public Indicators indicators(String scopeCode, String periodText, String toMonth) {
        ScopeRow scope = scope(scopeCode);
        Period period = Period.parse(periodText, lastMonth(toMonth));
        List<Figure> figures = period instanceof Period.Stored stored
                ? store.indicators(scope.code(), stored.period(), Optional.empty()).stream().map(IndicatorQueries::figure).toList()
                : store.sums(List.of(scope.code()), Optional.empty(), ((Period.Window) period).first(), ((Period.Window) period).last())
                        .stream().map(w -> figure(w, periodText)).toList();
        return new Indicators(scope, periodText, figures);
    }

    /** Month by month, every month of {@code from..to} present (figures null where nothing was published). */
    public Trend trend(String scopeCode, String indicatorId, String from, String to) {
        ScopeRow scope = scope(scopeCode);
        Indicator indicator = indicator(indicatorId);
        YearMonth first = Period.month(from, "from");
        YearMonth last = Period.month(to, "to");
        Period.parse(first + ".." + last, last); // the same limits as a window
        Map<String, StoredSnapshot> byMonth = new HashMap<>();
        store.trend(scope.code(), indicator.id(), first.toString(), last.toString(), Optional.empty()).forEach(s -> byMonth.put(s.period(), s));
        List<Figure> months = new ArrayList<>();
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            StoredSnapshot s = byMonth.get(month.toString());
            months.add(s != null ? figure(s)
                    : new Figure(scope.code(), month.toString(), indicator.id(), indicator.nameZh(), indicator.unit(), null, null, null, null));
        }
        return new Trend(scope.code(), indicator.id(), indicator.nameZh(), indicator.unit(), months);
    }

    /** The towns of a district or city, best first (towns without the figure last), those below the target marked. */
    public Ranking ranking(String scopeCode, String periodText, String indicatorId, String toMonth) {
        ScopeRow scope = scope(scopeCode);
        if (scope.level().equals("TOWN")) {
            throw new WebException.BadRequest("排名须针对区县或城市，" + scopeCode + " 是镇街", "a ranking is of a district or city; " + scopeCode + " is a town");
        }
        Indicator indicator = indicator(indicatorId);
        Period period = Period.parse(periodText, lastMonth(toMonth));
        List<ScopeRow> towns = scopes().townsOf(scope.code());
        Map<String, Figure> byTown = new HashMap<>();
        if (period instanceof Period.Stored stored) {
            store.towns(scope.code(), stored.period(), indicator.id(), Optional.empty()).forEach(s -> byTown.put(s.scopeCode(), figure(s)));
        } else {
            Period.Window window = (Period.Window) period;
            store.sums(towns.stream().map(ScopeRow::code).toList(), Optional.of(indicator.id()), window.first(), window.last())
                    .forEach(w -> byTown.put(w.scopeCode(), figure(w, periodText)));
        }
        Double target = targets.minimumRates().get(indicator.id());
        List<ScopeRow> ordered = new ArrayList<>(towns);
        Comparator<ScopeRow> byValue = Comparator.comparing(t -> valueOf(byTown.get(t.code())), Comparator.nullsLast(Comparator.reverseOrder()));
        ordered.sort(byValue.thenComparing(ScopeRow::code));
        List<RankedTown> ranked = new ArrayList<>();
        for (ScopeRow town : ordered) {
            Figure f = byTown.get(town.code());
            Double value = valueOf(f);
            ranked.add(new RankedTown(ranked.size() + 1, town.code(), town.name(), f == null ? null : f.numerator(), f == null ? null : f.denominator(),
                    value, target != null && value != null && value < target));
        }
        return new Ranking(scope, periodText, indicator.id(), indicator.nameZh(), indicator.unit(), target, ranked);
    }

    /** When the newest event in a scope's figures happened, for the data-quality panel. */
    public Freshness freshness(String scopeCode) {
        ScopeRow scope = scope(scopeCode);
        return store.latest(scope.code()).map(l -> new Freshness(scope.code(), l.newestEvent(), l.lastMonth()))
                .orElse(new Freshness(scope.code(), null, null));
    }

    /** An {@code indicator} parameter: 400 when missing, 404 when not in the catalog. */
    public static Indicator indicator(String id) {
        if (id == null || id.isBlank()) {
            throw new WebException.BadRequest("缺少参数 indicator（如 mediation.success_rate）", "missing parameter indicator (e.g. mediation.success_rate)");
        }
        return IndicatorCatalog.byId(id).orElseThrow(() -> new WebException.NotFound("没有这个指标：" + id, "no such indicator: " + id));
    }

    private YearMonth lastMonth(String toMonth) {
        return toMonth == null || toMonth.isBlank() ? YearMonth.now(clock.withZone(ChinaTime.ZONE)) : Period.month(toMonth, "to");
    }

    private static Double valueOf(Figure figure) {
        return figure == null ? null : figure.value();
    }

    private static Figure figure(StoredSnapshot s) {
        Optional<Indicator> indicator = IndicatorCatalog.byId(s.indicator());
        return new Figure(s.scopeCode(), s.period(), s.indicator(), indicator.map(Indicator::nameZh).orElse(s.indicator()),
                indicator.map(Indicator::unit).orElse(""), s.numerator(), s.denominator(), s.value(), s.asOf());
    }

    private static Figure figure(IndicatorStore.Window w, String period) {
        Optional<Indicator> indicator = IndicatorCatalog.byId(w.indicator());
        // A state-change indicator's months hold changes, not a state: their sum has no value of its own.
        Double value = indicator.map(Indicator::isStateChange).orElse(false) ? null : w.value();
        return new Figure(w.scopeCode(), period, w.indicator(), indicator.map(Indicator::nameZh).orElse(w.indicator()),
                indicator.map(Indicator::unit).orElse(""), w.numerator(), w.denominator(), value, null);
    }
}
