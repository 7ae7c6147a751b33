package cn.fazhi.pulse.report;

import cn.fazhi.pulse.report.model.TownYear;
import cn.fazhi.pulse.report.model.TownYears;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.ScopeRow;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads a town's (or district's) figures for a report from the stored snapshots, now or as they stood at an instant. */
public final class ReportData {
    private ReportData() {}

    public static TownYear load(IndicatorStore store, String scopeCode, int year, Optional<Instant> asOf) {
        return load(store, scopeCode, year, asOf, store.scopes());
    }

    /** With the scopes already read: a district's report reads many towns against one list. */
    public static TownYear load(IndicatorStore store, String scopeCode, int year, Optional<Instant> asOf, List<ScopeRow> scopes) {
        return TownYears.of(scopeCode, year, store.ofScope(scopeCode, asOf), scopes);
    }
}
