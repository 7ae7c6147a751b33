package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.schemas.indicators.Ratio;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The short table the demo ends with: each town and year with its headline figures. */
public final class SummaryTable {
    /** The columns: indicator id and its header. */
    private static final List<String[]> COLUMNS = List.of(
            new String[] {Measure.MEDIATION_ACCEPTED, "受理调解"},
            new String[] {Measure.MEDIATION_SUCCEEDED, "调解成功"},
            new String[] {Ratio.MEDIATION_SUCCESS_RATE, "调解成功率"},
            new String[] {Measure.PETITION_RECEIVED, "信访件"},
            new String[] {Ratio.PETITION_CLOSURE_RATE, "信访办结率"},
            new String[] {Measure.CASE_HEARINGS, "开庭次数"},
            new String[] {Measure.TRAINING_SESSIONS, "学法场次"},
            new String[] {Measure.ENFORCEMENT_PENALTIES, "行政处罚"});

    private SummaryTable() {}

    public static void print(PrintStream out, List<ScopeRow> scopes, List<StoredSnapshot> snapshots) {
        Map<String, String> names = scopes.stream().collect(Collectors.toMap(ScopeRow::code, ScopeRow::name));
        Map<String, Map<String, StoredSnapshot>> byTownYear = new TreeMap<>();
        for (StoredSnapshot s : snapshots) {
            boolean town = scopes.stream().anyMatch(r -> r.code().equals(s.scopeCode()) && r.level().equals("TOWN"));
            if (town && s.period().length() == 4) {
                byTownYear.computeIfAbsent(s.scopeCode() + " " + s.period(), k -> new TreeMap<>()).put(s.indicator(), s);
            }
        }
        List<String> header = new ArrayList<>(List.of("town 镇街", "code", "year"));
        COLUMNS.forEach(c -> header.add(c[1]));
        List<List<String>> rows = new ArrayList<>();
        byTownYear.forEach((townYear, figures) -> {
            String code = townYear.substring(0, 12);
            List<String> row = new ArrayList<>(List.of(names.getOrDefault(code, "?"), code, townYear.substring(13)));
            for (String[] column : COLUMNS) {
                row.add(Optional.ofNullable(figures.get(column[0])).map(SummaryTable::format).orElse("–"));
            }
            if (row.subList(3, row.size()).stream().anyMatch(cell -> !cell.equals("–"))) {
                rows.add(row); // a year with data-quality figures only (e.g. late arrivals) is left out
            }
        });
        printTable(out, header, rows);
    }

    static String format(StoredSnapshot s) {
        if (s.denominator() == null) {
            return s.numerator().stripTrailingZeros().toPlainString();
        }
        if (s.value() == null) {
            return "–";
        }
        return String.format("%s/%s (%.1f%%)", s.numerator().stripTrailingZeros().toPlainString(),
                s.denominator().stripTrailingZeros().toPlainString(), s.value() * 100);
    }

    private static void printTable(PrintStream out, List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], displayWidth(row.get(i)));
            }
        }
        Function<List<String>, String> line = row -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                sb.append(row.get(i)).append(" ".repeat(widths[i] - displayWidth(row.get(i)) + 2));
            }
            return sb.toString().stripTrailing();
        };
        out.println(line.apply(header));
        rows.forEach(r -> out.println(line.apply(r)));
    }

    /** Chinese characters take two columns in a terminal. */
    static int displayWidth(String text) {
        return text.codePoints().map(c -> c >= 0x2E80 ? 2 : 1).sum();
    }
}
