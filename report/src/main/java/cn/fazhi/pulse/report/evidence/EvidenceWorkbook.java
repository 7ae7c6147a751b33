package cn.fazhi.pulse.report.evidence;

import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A town's year of evidence: one sheet per indicator of the report's appendix (those the town has
 * a figure for, in catalog order), each listing the items behind the figure, as of the report's
 * instant.
 */
public final class EvidenceWorkbook {
    private EvidenceWorkbook() {}

    public static byte[] of(IndicatorStore figures, EvidenceStore evidence, ScopeRow town, int year, Optional<Instant> asOf) {
        List<StoredSnapshot> stored = figures.indicators(town.code(), Integer.toString(year), asOf);
        Set<String> present = stored.stream().map(StoredSnapshot::indicator).collect(Collectors.toSet());
        List<EvidenceTable.Part> parts = new ArrayList<>();
        for (Indicator indicator : IndicatorCatalog.all()) {
            if (!present.contains(indicator.id())) {
                continue;
            }
            StoredSnapshot figure = stored.stream().filter(s -> s.indicator().equals(indicator.id())).findFirst().orElseThrow();
            parts.add(new EvidenceTable.Part(indicator.nameZh(),
                    town.name() + " " + year + "年 " + indicator.nameZh() + "：" + EvidenceTable.figure(figure.numerator(), figure.denominator()) + "（" + indicator.id() + "）",
                    evidence.all(town.code(), YearMonth.of(year, 1), YearMonth.of(year, 12),
                            new EvidenceStore.Measures(indicator.numerator(), indicator.denominator(), indicator.amount()),
                            EvidenceStore.Part.ALL, asOf), true, figure.numerator(), figure.denominator()));
        }
        return EvidenceTable.xlsx(parts);
    }
}
