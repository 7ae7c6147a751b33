package cn.fazhi.pulse.streams.oracle;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.evidence.EntityEvidence;
import cn.fazhi.pulse.evidence.EvidenceAmount;
import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.schemas.EventTopic;
import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.streams.domain.Bucket;
import cn.fazhi.pulse.streams.domain.ScopePeriod;
import cn.fazhi.pulse.streams.oracle.CatalogOracle.Sent;
import cn.fazhi.pulse.streams.oracle.RandomHistories.History;
import cn.fazhi.pulse.streams.topology.TopologyHarness;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The items behind every figure add up to it: for random histories (duplicates, corrections,
 * retractions, late, orphaned and undecodable records, in any order), the numerator amounts of
 * the published evidence in a snapshot's scope and period sum to its numerator, and the
 * denominator amounts to its denominator.
 */
class EvidenceInvariantTest {
    private static final int CASES = Integer.getInteger("fazhi.evidence.cases", 15);
    private static final long BASE_SEED = 7_071_988L;
    private static final Instant WALL_CLOCK = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path stateDirs;

    @Test
    void shouldAddUpToEveryFigureWhenRandomHistoriesAreReplayed() {
        int figures = 0;
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < CASES; i++) {
            long seed = BASE_SEED + i;
            History history = RandomHistories.generate(seed);
            SplittableRandom publishing = new SplittableRandom(~seed);
            try (TopologyHarness topology = new TopologyHarness(stateDirs.resolve("case-" + i), WALL_CLOCK)) {
                for (Sent sent : history.sends()) {
                    if (sent.event() == null) {
                        topology.sendRaw(EventTopic.MEDIATIONS.topicName(), "undecodable", sent.undecodable(), sent.arrival());
                    } else {
                        topology.send(sent.event(), sent.arrival());
                    }
                    if (publishing.nextInt(60) == 0) {
                        topology.emit();
                    }
                }
                topology.emit();
                Map<String, Map<String, Long>> sums = sums(topology.evidence());
                for (IndicatorSnapshot snapshot : topology.latest().values()) {
                    figures++;
                    Indicator indicator = IndicatorCatalog.byId(snapshot.getIndicator()).orElseThrow();
                    Map<String, Long> byMeasure = sums.getOrDefault(snapshot.getScopeCode() + '|' + snapshot.getPeriod(), Map.of());
                    BigDecimal numerator = BigDecimal.valueOf(byMeasure.getOrDefault(indicator.numerator(), 0L), indicator.amount() ? 2 : 0);
                    if (numerator.compareTo(snapshot.getNumerator()) != 0) {
                        mismatches.add("seed " + seed + " " + snapshot.getScopeCode() + " " + snapshot.getPeriod() + " " + indicator.id()
                                + ": numerator " + snapshot.getNumerator() + ", items add up to " + numerator);
                    }
                    if (indicator.hasDenominator()) {
                        BigDecimal denominator = BigDecimal.valueOf(byMeasure.getOrDefault(indicator.denominator(), 0L));
                        if (denominator.compareTo(snapshot.getDenominator()) != 0) {
                            mismatches.add("seed " + seed + " " + snapshot.getScopeCode() + " " + snapshot.getPeriod() + " " + indicator.id()
                                    + ": denominator " + snapshot.getDenominator() + ", items add up to " + denominator);
                        }
                    }
                }
            }
        }
        assertThat(figures).as("figures compared").isGreaterThan(1000);
        assertThat(mismatches).as("figures whose items do not add up").isEmpty();
    }

    /** Per scope-period key, the evidence amounts summed by measure, rolled up as the topology rolls figures up. */
    private static Map<String, Map<String, Long>> sums(Map<String, EntityEvidence> evidence) {
        Map<String, Map<String, Long>> sums = new HashMap<>();
        for (EntityEvidence item : evidence.values()) {
            for (EvidenceAmount amount : item.getAmounts()) {
                for (ScopePeriod scopePeriod : new Bucket(amount.getTownCode(), YearMonth.parse(amount.getMonth())).rollups()) {
                    sums.computeIfAbsent(scopePeriod.scopeCode() + '|' + scopePeriod.period(), k -> new HashMap<>())
                            .merge(amount.getMeasure(), amount.getAmount(), Long::sum);
                }
            }
        }
        return sums;
    }
}
