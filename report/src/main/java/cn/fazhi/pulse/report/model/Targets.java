package cn.fazhi.pulse.report.model;

import cn.fazhi.pulse.schemas.indicators.Family;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.schemas.indicators.Ratio;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * The target of each indicator that part two checks: a rate at or above its target (1 = 100%),
 * or, for dq.rejected, a count at or below it. Defaults as report.md gives them; an office can
 * give its own table as a properties file (indicator id = target); every unknown id or bad value
 * in it is reported at once, with the file and the key.
 */
public record Targets(Map<String, Double> minimumRates, Map<String, Long> maximumCounts) {

    public static Targets standard() {
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String id : new String[] {Ratio.MEDIATION_SUCCESS_RATE, Ratio.PETITION_ACCEPTED_ON_TIME_RATE, Ratio.PETITION_CLOSURE_RATE,
                Ratio.PETITION_CLOSED_ON_TIME_RATE, Ratio.PETITION_SATISFACTION_RATE, Ratio.CASE_LEADER_APPEARANCE_RATE,
                Ratio.TRAINING_PARTICIPATION_RATE, Ratio.EXAM_PASS_RATE}) {
            rates.put(id, 1.0);
        }
        return new Targets(rates, Map.of(Measure.DQ_REJECTED, 0L));
    }

    public static Targets fromFile(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, Double> rates = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (String id : new TreeSet<>(properties.stringPropertyNames())) {
            String value = properties.getProperty(id).trim();
            if (IndicatorCatalog.byId(id).isEmpty()) {
                problems.add(file + ": " + id + " 不是指标编号 / is not an indicator id (docs/indicators.md)");
                continue;
            }
            try {
                if (Family.DQ.contains(id)) {
                    counts.put(id, Long.parseLong(value));
                } else {
                    rates.put(id, value.endsWith("%") ? Double.parseDouble(value.substring(0, value.length() - 1)) / 100 : Double.parseDouble(value));
                }
            } catch (NumberFormatException e) {
                problems.add(file + ": " + id + " = " + value + " 不是目标值（如 100%、0.95、0） / is not a target such as 100%, 0.95 or 0");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("\n", problems));
        }
        return new Targets(rates, counts);
    }
}
