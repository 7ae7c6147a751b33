package cn.fazhi.pulse.report.model;

import cn.fazhi.pulse.schemas.indicators.Family;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a town's annual report says, as stored: the year's snapshots, the previous year's,
 * the month-by-month figures of the chart, and the names. Nothing here is computed again.
 *
 * @param months indicator id → month (1–12) → stored monthly snapshot, for the chart
 * @param dataAsOf the occurrence time of the newest event behind any figure
 */
public record TownYear(String townCode, String townName, String districtName, String cityName, String townLevel, int year,
                       Map<String, StoredSnapshot> figures, Map<String, StoredSnapshot> previous,
                       Map<String, Map<Integer, StoredSnapshot>> months, Optional<Instant> dataAsOf) {

    public Optional<StoredSnapshot> figure(String indicator) {
        return Optional.ofNullable(figures.get(indicator));
    }

    public Optional<StoredSnapshot> previousFigure(String indicator) {
        return Optional.ofNullable(previous.get(indicator));
    }

    public boolean hasFamily(Family family) {
        return figures.keySet().stream().anyMatch(family::contains);
    }
}
