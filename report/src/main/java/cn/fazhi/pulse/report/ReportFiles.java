package cn.fazhi.pulse.report;

import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.report.model.ReportModel;
import cn.fazhi.pulse.report.model.TownYear;
import cn.fazhi.pulse.report.render.ChartRenderer;
import cn.fazhi.pulse.report.render.DocxWriter;
import cn.fazhi.pulse.report.render.MarkdownWriter;
import cn.fazhi.pulse.report.evidence.EvidenceWorkbook;
import cn.fazhi.pulse.schemas.indicators.Family;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.StoredSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Writes report files {@code <code>-<year>.docx} and {@code .md} (with the chart beside the .md as
 * {@code <code>-<year>-chart.png}) from the stored snapshots, for a town or, given a district's
 * code, for the district with its towns ranked.
 */
public final class ReportFiles {
    private final IndicatorStore store;
    private final AnnualReportBuilder builder;
    private final DocxWriter docx;

    public ReportFiles(IndicatorStore store, AnnualReportBuilder builder, DocxWriter docx) {
        this.store = store;
        this.builder = builder;
        this.docx = docx;
    }

    public static ReportFiles standard(IndicatorStore store) {
        return new ReportFiles(store, AnnualReportBuilder.standard(), DocxWriter.standard());
    }

    /** A town's or a district's report for a year, as it stood at {@code asOf} if given; the files written. */
    public List<Path> write(String scopeCode, int year, Optional<Instant> asOf, Narrative narrative, LocalDate generatedOn,
                            Set<ReportFormat> formats, Path outDir) throws IOException {
        return write(scopeCode, year, asOf, narrative, generatedOn, formats, outDir, Optional.empty());
    }

    /**
     * The same, and for a town, given the evidence, {@code <code>-<year>-evidence.xlsx} beside the
     * report: one sheet per indicator of the appendix with the items behind its figure, as of the
     * same instant; the appendix then says where it is.
     */
    public List<Path> write(String scopeCode, int year, Optional<Instant> asOf, Narrative narrative, LocalDate generatedOn,
                            Set<ReportFormat> formats, Path outDir, Optional<EvidenceStore> evidence) throws IOException {
        List<ScopeRow> scopes = store.scopes();
        ScopeRow scope = scopes.stream().filter(s -> s.code().equals(scopeCode)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("数据库中没有代码为 " + scopeCode + " 的镇街或区县 / no town or district with code "
                        + scopeCode + " in the database"));
        ReportModel report;
        if (scope.level().equals("DISTRICT")) {
            List<TownYear> towns = new ArrayList<>();
            for (ScopeRow town : scopes) {
                if (town.level().equals("TOWN") && scopeCode.equals(town.parentCode())) {
                    towns.add(ReportData.load(store, town.code(), year, asOf, scopes));
                }
            }
            report = builder.buildDistrict(ReportData.load(store, scopeCode, year, asOf, scopes), towns, narrative, generatedOn);
        } else {
            report = builder.build(ReportData.load(store, scopeCode, year, asOf, scopes), narrative, generatedOn);
        }
        if (evidence.isEmpty() || !scope.level().equals("TOWN")) {
            return write(report, scopeCode + "-" + year, formats, outDir);
        }
        String workbook = scopeCode + "-" + year + "-evidence.xlsx";
        List<Path> written = new ArrayList<>(write(report.withAppendixNote("各项指标所依据的案件、事项和事件清单见同目录下的 " + workbook
                + "（每项指标一页）。"), scopeCode + "-" + year, formats, outDir));
        written.add(Files.write(outDir.resolve(workbook), EvidenceWorkbook.of(store, evidence.get(), scope, year, asOf)));
        return written;
    }

    /** One report model as files named {@code <name>.docx}, {@code <name>.md} and {@code <name>-chart.png}. */
    public List<Path> write(ReportModel report, String name, Set<ReportFormat> formats, Path outDir) throws IOException {
        Files.createDirectories(outDir);
        byte[] chart = report.chart().isEmpty() ? null : ChartRenderer.png(report.chart());
        List<Path> written = new ArrayList<>();
        if (formats.contains(ReportFormat.DOCX)) {
            written.add(Files.write(outDir.resolve(name + ".docx"), docx.write(report, chart)));
        }
        if (formats.contains(ReportFormat.MD)) {
            String chartFile = null;
            if (chart != null) {
                chartFile = name + "-chart.png";
                written.add(Files.write(outDir.resolve(chartFile), chart));
            }
            written.add(Files.writeString(outDir.resolve(name + ".md"), MarkdownWriter.write(report, chartFile), StandardCharsets.UTF_8));
        }
        return written;
    }

    /** A town or district and a year to report on. */
    public record ScopeAndYear(String code, int year) {}

    /**
     * Every town and year with figures beyond data quality, then every district and year that
     * has such a town: what the demo writes reports for.
     */
    public List<ScopeAndYear> reportsToWrite(List<ScopeRow> scopes) {
        List<ScopeAndYear> towns = new ArrayList<>();
        Map<String, TreeSet<Integer>> districtYears = new TreeMap<>();
        for (ScopeRow scope : scopes) {
            if (!scope.level().equals("TOWN")) {
                continue;
            }
            TreeSet<Integer> years = new TreeSet<>();
            for (StoredSnapshot s : store.ofScope(scope.code(), Optional.empty())) {
                if (s.period().length() == 4 && !Family.DQ.contains(s.indicator()) && s.numerator().signum() != 0) {
                    years.add(Integer.parseInt(s.period()));
                }
            }
            years.forEach(y -> towns.add(new ScopeAndYear(scope.code(), y)));
            if (scope.parentCode() != null) {
                districtYears.computeIfAbsent(scope.parentCode(), k -> new TreeSet<>()).addAll(years);
            }
        }
        List<ScopeAndYear> all = new ArrayList<>(towns);
        districtYears.forEach((district, years) -> years.forEach(y -> all.add(new ScopeAndYear(district, y))));
        return all;
    }
}
