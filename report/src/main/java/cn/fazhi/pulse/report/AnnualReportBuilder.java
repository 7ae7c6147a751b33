package cn.fazhi.pulse.report;

import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.report.model.ReportModel;
import cn.fazhi.pulse.report.model.ReportModel.Appendix;
import cn.fazhi.pulse.report.model.ReportModel.Chart;
import cn.fazhi.pulse.report.model.ReportModel.Part;
import cn.fazhi.pulse.report.model.ReportModel.Section;
import cn.fazhi.pulse.report.model.Targets;
import cn.fazhi.pulse.report.model.TownYear;
import cn.fazhi.pulse.report.phrasing.Numbers;
import cn.fazhi.pulse.report.phrasing.Phrasebook;
import cn.fazhi.pulse.report.phrasing.Template;
import cn.fazhi.pulse.schemas.indicators.Family;
import cn.fazhi.pulse.schemas.indicators.Indicator;
import cn.fazhi.pulse.schemas.indicators.IndicatorCatalog;
import cn.fazhi.pulse.schemas.indicators.Labels;
import cn.fazhi.pulse.schemas.indicators.Measure;
import cn.fazhi.pulse.schemas.indicators.Ratio;
import cn.fazhi.pulse.events.PenaltyCategory;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * From a town's stored figures for a year to its 法治政府建设情况报告: part one written from the
 * figures, part two from shortfalls against targets and declines on last year, parts three to five
 * from the office's narrative (or marked placeholders), an appendix of every indicator, and the
 * chart's data. Every figure is read from the snapshots; none is computed here.
 */
public final class AnnualReportBuilder {
    /** The rates petitions report together, merged when equal (按时受理率、办结率、群众满意率均为100%). */
    private static final List<String> PETITION_RATES = List.of(Ratio.PETITION_ACCEPTED_ON_TIME_RATE, Ratio.PETITION_CLOSURE_RATE,
            Ratio.PETITION_CLOSED_ON_TIME_RATE, Ratio.PETITION_SATISFACTION_RATE);

    /** Rates where a rise is the worse news: more lawsuits lost, more reconsidered decisions corrected. */
    private static final Set<String> LOWER_IS_BETTER = Set.of(Ratio.CASE_ADMIN_LOSS_RATE, Ratio.CASE_RECONSIDERATION_CORRECTION_RATE);

    private final Phrasebook phrases;
    private final Targets targets;
    private final List<Integer> partOrder;

    public AnnualReportBuilder(Phrasebook phrases, Targets targets, List<Integer> partOrder) {
        this.phrases = phrases;
        this.targets = targets;
        this.partOrder = List.copyOf(partOrder);
    }

    public static AnnualReportBuilder standard() {
        return new AnnualReportBuilder(Phrasebook.standard(), Targets.standard(), List.of(1, 2, 3, 4, 5));
    }

    public ReportModel build(TownYear data, Narrative narrative, LocalDate generatedOn) {
        return build(data, List.of(), narrative, generatedOn);
    }

    /**
     * A district's report: its own figures (the pipeline's roll-up of its towns, not a sum made
     * here), a sentence on how many of its towns have figures, and its towns ranked.
     */
    public ReportModel buildDistrict(TownYear district, List<TownYear> towns, Narrative narrative, LocalDate generatedOn) {
        long reporting = towns.stream().filter(t -> !t.figures().isEmpty()).count();
        Map<String, String> counts = Map.of("district", district.townName(), "year", Integer.toString(district.year()),
                "towns", Integer.toString(towns.size()));
        String summary = phrases.get("district.summary").render(with(counts, "reporting", Long.toString(reporting)));
        ReportModel report = build(district, List.of(summary), narrative, generatedOn);
        Function<String, Template.Value> names = with(Map.of("year", Integer.toString(district.year())), "ranked",
                String.join("、", DistrictRanking.rankedNames()));
        return report.withRanking(DistrictRanking.rank(towns, say("ranking.title", names), say("ranking.note", names)));
    }

    private ReportModel build(TownYear data, List<String> leadParagraphs, Narrative narrative, LocalDate generatedOn) {
        Function<String, Template.Value> names = names(data);
        Map<Integer, Part> parts = new LinkedHashMap<>();
        List<Section> partOne = new ArrayList<>();
        if (!leadParagraphs.isEmpty()) {
            partOne.add(new Section(null, leadParagraphs));
        }
        partOne.addAll(partOne(data));
        parts.put(1, new Part(say("part.one", names), partOne));
        parts.put(2, new Part(say("part.two", names), List.of(new Section(null, partTwo(data)))));
        parts.put(3, new Part(say("part.three", names), List.of(new Section(null, orPlaceholder(narrative.part(3), "placeholder.three", names)))));
        parts.put(4, new Part(say("part.four", names), List.of(new Section(null, orPlaceholder(narrative.part(4), "placeholder.four", names)))));
        if (!narrative.part(5).isEmpty()) {
            parts.put(5, new Part(say("part.five", names), List.of(new Section(null, narrative.part(5)))));
        }
        List<Part> ordered = new ArrayList<>();
        partOrder.stream().filter(parts::containsKey).forEach(n -> ordered.add(parts.get(n)));
        return new ReportModel(say("title", names), say("intro", names), ordered, appendix(data, names), chart(data, names),
                governmentName(data), Numbers.chineseDate(generatedOn), null);
    }

    private List<Section> partOne(TownYear data) {
        Function<String, Template.Value> figures = figures(data);
        List<Section> sections = new ArrayList<>();
        if (data.hasFamily(Family.CASE)) {
            section(sections, "section.case", figures,
                    when(count(data, Measure.CASE_CIVIL_FILED) > 0, "case.civil"),
                    when(count(data, Measure.CASE_ADMIN_FILED) > 0, "case.admin"),
                    when(count(data, Measure.CASE_ADMIN_PRIOR_APPEALS) + count(data, Measure.CASE_ADMIN_PRIOR_REMANDED) > 0, "case.prior"),
                    when(count(data, Measure.CASE_RECONSIDERATION_FILED) > 0, "case.reconsideration"),
                    when(count(data, Measure.CASE_HEARINGS) > 0, hearingsKey(data)));
        } else {
            sections.add(new Section(say("section.case", figures), List.of(say("case.none", figures))));
        }
        section(sections, "section.mediation", figures, data.hasFamily(Family.MEDIATION) ? "mediation" : null);
        section(sections, "section.petition", figures, data.hasFamily(Family.PETITION) ? "petition" : null,
                data.hasFamily(Family.PETITION) ? "petition.resolution" : null);
        section(sections, "section.training", figures, data.hasFamily(Family.TRAINING) ? "training" : null,
                data.hasFamily(Family.EXAM) ? "exam" : null);
        section(sections, "section.publicity", figures, data.hasFamily(Family.PUBLICITY) ? "publicity" : null);
        section(sections, "section.legal", figures, data.hasFamily(Family.LEGAL) ? "legal" : null,
                data.figure(Ratio.LEGAL_VILLAGE_ADVISOR_COVERAGE).isPresent() ? "legal.coverage" : null);
        section(sections, "section.enforcement", figures, data.hasFamily(Family.ENFORCEMENT) ? "enforcement" : null);
        section(sections, "section.rulemaking", figures, data.hasFamily(Family.RULEMAKING) ? "rulemaking" : null,
                data.hasFamily(Family.DECISIONS) ? "decisions" : null);
        List<Section> numbered = new ArrayList<>();
        for (int i = 0; i < sections.size(); i++) {
            numbered.add(new Section("（" + chineseNumber(i + 1) + "）" + sections.get(i).heading(), sections.get(i).paragraphs()));
        }
        return numbered;
    }

    /** A sentence is written only where it has something to say: no "行政复议案件0件". */
    private static String when(boolean condition, String key) {
        return condition ? key : null;
    }

    private String hearingsKey(TownYear data) {
        long hearings = count(data, Measure.CASE_HEARINGS);
        long withLeader = count(data, Measure.CASE_HEARINGS_WITH_LEADER);
        return hearings > 0 && hearings == withLeader ? "case.hearings.all" : "case.hearings.some";
    }

    private void section(List<Section> sections, String headingKey, Function<String, Template.Value> figures, String... sentenceKeys) {
        StringBuilder paragraph = new StringBuilder();
        for (String key : sentenceKeys) {
            if (key != null) {
                paragraph.append(say(key, figures));
            }
        }
        if (paragraph.length() > 0) {
            sections.add(new Section(say(headingKey, figures), List.of(paragraph.toString())));
        }
    }

    private List<String> partTwo(TownYear data) {
        Function<String, Template.Value> names = names(data);
        List<String> sentences = new ArrayList<>();
        for (Indicator indicator : IndicatorCatalog.all()) {
            Optional<StoredSnapshot> now = data.figure(indicator.id());
            if (now.isEmpty() || now.get().value() == null || indicator.isStateChange()) {
                continue;
            }
            Double target = targets.minimumRates().get(indicator.id());
            Optional<StoredSnapshot> before = data.previousFigure(indicator.id());
            Map<String, String> values = Map.of("name", indicator.nameZh(), "value", Numbers.format(indicator, now.get()));
            if (target != null && now.get().value() < target - 1e-9) {
                sentences.add(phrases.get("shortfall.target").render(with(values, "target", Numbers.percent(target))));
            } else if (indicator.isRate() && before.isPresent() && before.get().value() != null) {
                double change = now.get().value() - before.get().value();
                boolean lowerIsBetter = LOWER_IS_BETTER.contains(indicator.id());
                if (lowerIsBetter ? change > 1e-9 : change < -1e-9) {
                    sentences.add(phrases.get(lowerIsBetter ? "shortfall.rise" : "shortfall.decline")
                            .render(with(values, "previous", Numbers.format(indicator, before.get()))));
                }
            }
        }
        Long maximumRejected = targets.maximumCounts().get(Measure.DQ_REJECTED);
        if (maximumRejected != null && count(data, Measure.DQ_REJECTED) > maximumRejected) {
            sentences.add(say("shortfall.rejected", figures(data)));
        }
        if (sentences.isEmpty()) {
            return List.of(say("shortfall.none", names));
        }
        List<String> paragraphs = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            paragraphs.add(chineseOrdinal(i + 1) + sentences.get(i));
        }
        paragraphs.add(say("shortfall.causes", names));
        return paragraphs;
    }

    private Appendix appendix(TownYear data, Function<String, Template.Value> names) {
        List<Appendix.Row> rows = new ArrayList<>();
        for (Indicator indicator : IndicatorCatalog.all()) {
            Optional<StoredSnapshot> now = data.figure(indicator.id());
            if (now.isEmpty()) {
                continue;
            }
            String thisYear = Optional.ofNullable(Numbers.format(indicator, now.get())).orElse("—");
            Optional<StoredSnapshot> before = data.previousFigure(indicator.id());
            String lastYear = before.map(b -> Numbers.format(indicator, b)).orElse("—");
            rows.add(new Appendix.Row(indicator.nameZh(), indicator.unit(), thisYear, lastYear == null ? "—" : lastYear,
                    before.map(b -> change(indicator, now.get(), b, false)).orElse("—")));
        }
        String cutoff = data.dataAsOf().map(t -> phrases.get("appendix.cutoff").render(v -> v.equals("cutoff") ? Template.Value.of(Numbers.chineseTime(t)) : null))
                .orElse("");
        return new Appendix(say("appendix.title", names), rows, cutoff);
    }

    private Chart chart(TownYear data, Function<String, Template.Value> names) {
        List<Chart.Month> months = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            months.add(new Chart.Month(m, monthly(data, Measure.MEDIATION_ACCEPTED, m), monthly(data, Measure.MEDIATION_SUCCEEDED, m),
                    monthly(data, Measure.PETITION_RECEIVED, m), monthly(data, Measure.PETITION_CLOSED_IN_PERIOD, m)));
        }
        return new Chart(say("chart.title", names), months);
    }

    private static long monthly(TownYear data, String indicator, int month) {
        StoredSnapshot s = data.months().getOrDefault(indicator, Map.of()).get(month);
        return s == null ? 0 : s.numerator().longValue();
    }

    /** Resolves figures of the year ({id}), their changes ({yoy:id}), names, and the composed parts. */
    private Function<String, Template.Value> figures(TownYear data) {
        Function<String, Template.Value> names = names(data);
        return name -> {
            if (name.startsWith("yoy:")) {
                String id = name.substring(4);
                Optional<Indicator> indicator = IndicatorCatalog.byId(id);
                Optional<StoredSnapshot> now = data.figure(id);
                Optional<StoredSnapshot> before = data.previousFigure(id);
                if (indicator.isEmpty() || now.isEmpty() || before.isEmpty()) {
                    return null;
                }
                String change = change(indicator.get(), now.get(), before.get(), true);
                return change == null ? null : Template.Value.of(change);
            }
            switch (name) {
                case "escalation":
                    return Template.Value.of(say(count(data, Measure.MEDIATION_ESCALATED) == 0
                            ? "mediation.escalation.none" : "mediation.escalation.some", this.figures(data)));
                case "rates":
                    return textOrAbsent(mergedRates(data));
                case "penalties":
                    return textOrAbsent(penaltyBreakdown(data));
                default:
                    break;
            }
            Optional<Indicator> indicator = IndicatorCatalog.byId(name);
            if (indicator.isPresent()) {
                Optional<StoredSnapshot> s = data.figure(name);
                if (s.isEmpty()) {
                    return null;
                }
                String text = Numbers.format(indicator.get(), s.get());
                return text == null ? null : new Template.Value(text, s.get().numerator().signum() == 0 && !indicator.get().isRate());
            }
            return names.apply(name);
        };
    }

    /** A composed clause with nothing to say is absent, so that its optional [ … ] is dropped. */
    private static Template.Value textOrAbsent(String text) {
        return text == null ? null : Template.Value.of(text);
    }

    private Function<String, Template.Value> names(TownYear data) {
        return name -> switch (name) {
            case "town" -> Template.Value.of(data.townName());
            case "year" -> Template.Value.of(Integer.toString(data.year()));
            case "next" -> Template.Value.of(Integer.toString(data.year() + 1));
            default -> null;
        };
    }

    /** 按时受理率、办结率、群众满意率均为100%: rates with the same printed value told once. */
    private String mergedRates(TownYear data) {
        Map<String, List<String>> namesByValue = new LinkedHashMap<>();
        for (String id : PETITION_RATES) {
            Indicator indicator = IndicatorCatalog.byId(id).orElseThrow();
            data.figure(id).map(s -> Numbers.format(indicator, s))
                    .ifPresent(value -> namesByValue.computeIfAbsent(value, v -> new ArrayList<>()).add(indicator.nameZh()));
        }
        List<String> clauses = new ArrayList<>();
        namesByValue.forEach((value, names) -> {
            String key = names.size() > 1 ? "rates.equal" : "rates.single";
            clauses.add(phrases.get(key).render(with(Map.of("value", value, "name", names.get(0)), "names", String.join("、", names))));
        });
        return clauses.isEmpty() ? null : String.join("，", clauses);
    }

    /** 其中文明行为28起，市容和环境卫生38起，非法焚烧24起 */
    private String penaltyBreakdown(TownYear data) {
        List<String> parts = new ArrayList<>();
        for (PenaltyCategory category : PenaltyCategory.values()) {
            long count = count(data, Measure.ENFORCEMENT_PENALTIES_PREFIX + category);
            if (count > 0) {
                parts.add(phrases.get("enforcement.category").render(
                        with(Map.of("label", Labels.of(category)), "count", Long.toString(count))));
            }
        }
        return parts.isEmpty() ? null : String.join("，", parts);
    }

    /** The change on last year: 同比增加12件, 同比下降2.3个百分点; the bare figure for the appendix. */
    private String change(Indicator indicator, StoredSnapshot now, StoredSnapshot before, boolean phrase) {
        if (indicator.isRate()) {
            if (now.value() == null || before.value() == null) {
                return phrase ? null : "—";
            }
            BigDecimal points = BigDecimal.valueOf((now.value() - before.value()) * 100).setScale(1, RoundingMode.HALF_UP);
            if (!phrase) {
                return (points.signum() > 0 ? "+" : "") + Numbers.plain(points) + "个百分点";
            }
            String key = points.signum() > 0 ? "yoy.rate.up" : points.signum() < 0 ? "yoy.rate.down" : "yoy.same";
            return phrases.get(key).render(with(Map.of(), "delta", Numbers.plain(points.abs())));
        }
        if (indicator.hasDenominator()) {
            return phrase ? null : "—";
        }
        BigDecimal delta = now.numerator().subtract(before.numerator());
        if (!phrase) {
            return (delta.signum() > 0 ? "+" : "") + Numbers.plain(delta);
        }
        String key = delta.signum() > 0 ? "yoy.up" : delta.signum() < 0 ? "yoy.down" : "yoy.same";
        return phrases.get(key).render(with(Map.of("unit", indicator.unit()), "delta", Numbers.plain(delta.abs())));
    }

    private String governmentName(TownYear data) {
        String office = "STREET".equals(data.townLevel()) ? "办事处" : "人民政府";
        return data.cityName() + data.districtName() + data.townName() + office;
    }

    private List<String> orPlaceholder(List<String> paragraphs, String placeholderKey, Function<String, Template.Value> names) {
        return paragraphs.isEmpty() ? List.of(say(placeholderKey, names)) : paragraphs;
    }

    private String say(String key, Function<String, Template.Value> resolver) {
        return phrases.get(key).render(resolver);
    }

    private static long count(TownYear data, String indicator) {
        return data.figure(indicator).map(s -> s.numerator().longValue()).orElse(0L);
    }

    private static Function<String, Template.Value> with(Map<String, String> values, String key, String value) {
        Map<String, String> all = new LinkedHashMap<>(values);
        all.put(key, value);
        return name -> all.containsKey(name) ? Template.Value.of(all.get(name)) : null;
    }

    private static String chineseNumber(int n) {
        String[] digits = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
        return n <= 10 ? digits[n] : "十" + digits[n - 10];
    }

    private static String chineseOrdinal(int n) {
        return chineseNumber(n) + "是";
    }
}
