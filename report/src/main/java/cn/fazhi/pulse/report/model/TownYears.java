package cn.fazhi.pulse.report.model;

import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles a {@link TownYear} from the stored snapshots of one town. A state indicator (village
 * advisor coverage) is read as docs/indicators.md says: the sum of its yearly changes up to the
 * report's year.
 */
public final class TownYears {
    private TownYears() {}

    public static TownYear of(String townCode, int year, List<StoredSnapshot> townSnapshots, List<ScopeRow> scopes) {
        Map<String, ScopeRow> byCode = new HashMap<>();
        scopes.forEach(s -> byCode.put(s.code(), s));
        ScopeRow town = byCode.get(townCode);
        ScopeRow district = town == null ? null : byCode.get(town.parentCode());
        ScopeRow city = district == null ? null : byCode.get(district.parentCode());

        Map<String, StoredSnapshot> figures = new HashMap<>();
        Map<String, StoredSnapshot> previous = new HashMap<>();
        Map<String, Map<Integer, StoredSnapshot>> months = new HashMap<>();
        String thisYear = Integer.toString(year);
        String lastYear = Integer.toString(year - 1);
        for (StoredSnapshot s : townSnapshots) {
            if (s.period().equals(thisYear)) {
                figures.put(s.indicator(), s);
            } else if (s.period().equals(lastYear)) {
                previous.put(s.indicator(), s);
            } else if (s.period().length() == 7 && s.period().startsWith(thisYear + "-") && s.period().charAt(5) != 'Q') {
                months.computeIfAbsent(s.indicator(), k -> new HashMap<>()).put(Integer.parseInt(s.period().substring(5)), s);
            }
        }
        for (Indicator indicator : IndicatorCatalog.all()) {
            if (indicator.isStateChange()) {
                stateAtEnd(indicator.id(), year, townSnapshots).ifPresentOrElse(s -> figures.put(indicator.id(), s), () -> figures.remove(indicator.id()));
                stateAtEnd(indicator.id(), year - 1, townSnapshots).ifPresentOrElse(s -> previous.put(indicator.id(), s), () -> previous.remove(indicator.id()));
            }
        }
        Optional<Instant> asOf = figures.values().stream().map(StoredSnapshot::asOf).max(Comparator.naturalOrder());
        return new TownYear(townCode, town == null ? townCode : town.name(), district == null ? "" : district.name(),
                city == null ? "" : city.name(), town == null ? "TOWN" : town.townLevel(), year, figures, previous, months, asOf);
    }

    /** The state at the end of a year: the sum of the yearly changes up to and including it. */
    static Optional<StoredSnapshot> stateAtEnd(String indicator, int year, List<StoredSnapshot> snapshots) {
        List<StoredSnapshot> changes = snapshots.stream()
                .filter(s -> s.indicator().equals(indicator) && s.period().length() == 4 && Integer.parseInt(s.period()) <= year)
                .toList();
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        BigDecimal numerator = changes.stream().map(StoredSnapshot::numerator).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal denominator = changes.stream().map(s -> s.denominator() == null ? BigDecimal.ZERO : s.denominator())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        Double value = denominator.signum() == 0 ? null : numerator.divide(denominator, MathContext.DECIMAL64).doubleValue();
        StoredSnapshot latest = changes.stream().max(Comparator.comparing(StoredSnapshot::period)).orElseThrow();
        return Optional.of(new StoredSnapshot(latest.scopeCode(), Integer.toString(year), indicator, numerator, denominator, value,
                latest.asOf(), latest.updatedAt()));
    }
}
