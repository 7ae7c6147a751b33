package cn.fazhi.pulse.report;

import cn.fazhi.pulse.report.model.TownYear;
import cn.fazhi.pulse.report.model.TownYears;
import cn.fazhi.pulse.sink.store.IndicatorStore;
import java.time.Instant;
import java.util.Optional;

/** Reads a town's figures for a report from the stored snapshots, now or as they stood at an instant. */
public final class ReportData {
    private ReportData() {}

    public static TownYear load(IndicatorStore store, String townCode, int year, Optional<Instant> asOf) {
        return TownYears.of(townCode, year, store.ofScope(townCode, asOf), store.scopes());
    }
}
