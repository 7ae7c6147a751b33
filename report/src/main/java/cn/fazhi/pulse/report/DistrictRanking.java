package cn.fazhi.pulse.report;

import cn.fazhi.pulse.report.model.ReportModel.Ranking;
import cn.fazhi.pulse.report.model.TownYear;
import cn.fazhi.pulse.report.phrasing.Numbers;
import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.schemas.indicators.Ratio;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The towns of a district ranked on the headline rates, where higher is better: each town's
 * place on each rate among the towns that have it (equal values share a place, 1, 1, 3), and the
 * towns in order of their mean place. Counts are shown beside them but not ranked: more
 * mediations or petitions is neither better nor worse.
 */
final class DistrictRanking {
    static final List<String> RANKED = List.of(Ratio.MEDIATION_SUCCESS_RATE, Ratio.PETITION_CLOSURE_RATE, Ratio.PETITION_SATISFACTION_RATE,
            Ratio.TRAINING_PARTICIPATION_RATE);
    /** The columns, with headers short enough for a column a sixth of the page wide. */
    private static final Map<String, String> COLUMNS = orderedMap(Measure.MEDIATION_ACCEPTED, "受理调解(件)", Ratio.MEDIATION_SUCCESS_RATE, "调解成功率",
            Measure.PETITION_RECEIVED, "信访件(件)", Ratio.PETITION_CLOSURE_RATE, "信访办结率", Ratio.PETITION_SATISFACTION_RATE, "群众满意率",
            Ratio.TRAINING_PARTICIPATION_RATE, "参学率");

    private static final double UNRANKED = Double.MAX_VALUE;

    private DistrictRanking() {}

    static List<String> rankedNames() {
        return RANKED.stream().map(COLUMNS::get).toList();
    }

    static Ranking rank(List<TownYear> towns, String title, String note) {
        Map<String, Map<String, Integer>> placeByTown = new HashMap<>();
        for (String id : RANKED) {
            List<TownYear> withRate = towns.stream().filter(t -> rate(t, id).isPresent())
                    .sorted(Comparator.comparing((TownYear t) -> rate(t, id).orElseThrow()).reversed()).toList();
            for (int i = 0; i < withRate.size(); i++) {
                double value = rate(withRate.get(i), id).orElseThrow();
                int place = i + 1;
                while (place > 1 && rate(withRate.get(place - 2), id).orElseThrow() == value) {
                    place--;
                }
                placeByTown.computeIfAbsent(withRate.get(i).townCode(), k -> new HashMap<>()).put(id, place);
            }
        }
        Comparator<TownYear> byMeanPlace = Comparator.comparing((TownYear t) -> meanPlace(placeByTown.get(t.townCode())))
                .thenComparing(TownYear::townCode);
        List<TownYear> ordered = towns.stream().sorted(byMeanPlace).toList();
        List<Ranking.Row> rows = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            TownYear town = ordered.get(i);
            double mean = meanPlace(placeByTown.get(town.townCode()));
            int place = i + 1;
            while (place > 1 && meanPlace(placeByTown.get(ordered.get(place - 2).townCode())) == mean) {
                place--;
            }
            String shown = mean == UNRANKED ? "—" : Integer.toString(place);
            rows.add(new Ranking.Row(shown, town.townName(), cells(town, placeByTown.getOrDefault(town.townCode(), Map.of()))));
        }
        return new Ranking(title, List.copyOf(COLUMNS.values()), rows, note);
    }

    private static List<String> cells(TownYear town, Map<String, Integer> places) {
        List<String> cells = new ArrayList<>();
        for (String id : COLUMNS.keySet()) {
            Indicator indicator = IndicatorCatalog.byId(id).orElseThrow();
            String value = town.figure(id).map(s -> Numbers.format(indicator, s)).orElse(null);
            Integer place = places.get(id);
            cells.add(value == null ? "—" : place == null ? value : value + "(" + place + ")");
        }
        return cells;
    }

    private static Map<String, String> orderedMap(String... idsAndHeaders) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < idsAndHeaders.length; i += 2) {
            map.put(idsAndHeaders[i], idsAndHeaders[i + 1]);
        }
        return map;
    }

    /** A town with no ranked rate comes after every town with one, without a place. */
    private static double meanPlace(Map<String, Integer> places) {
        return places == null || places.isEmpty() ? UNRANKED : places.values().stream().mapToInt(Integer::intValue).average().orElseThrow();
    }

    private static Optional<Double> rate(TownYear town, String id) {
        return town.figure(id).map(StoredSnapshot::value);
    }
}
