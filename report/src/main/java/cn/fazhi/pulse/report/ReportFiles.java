package cn.fazhi.pulse.report;

import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.report.model.ReportModel;
import cn.fazhi.pulse.report.model.TownYear;
import cn.fazhi.pulse.report.render.MarkdownWriter;
import cn.fazhi.pulse.sink.store.IndicatorStore;
import cn.fazhi.pulse.sink.store.ScopeRow;
import cn.fazhi.pulse.sink.store.StoredSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/** Writes report files {@code <town code>-<year>.md} from the stored snapshots. */
public final class ReportFiles {
    private final IndicatorStore store;
    private final AnnualReportBuilder builder;

    public ReportFiles(IndicatorStore store, AnnualReportBuilder builder) {
        this.store = store;
        this.builder = builder;
    }

    public Path writeMarkdown(String townCode, int year, Optional<Instant> asOf, Narrative narrative, LocalDate generatedOn, Path outDir)
            throws IOException {
        TownYear data = ReportData.load(store, townCode, year, asOf);
        ReportModel report = builder.build(data, narrative, generatedOn);
        Files.createDirectories(outDir);
        Path file = outDir.resolve(townCode + "-" + year + ".md");
        Files.writeString(file, MarkdownWriter.write(report), StandardCharsets.UTF_8);
        return file;
    }

    /** A town and a year to report on. */
    public record TownAndYear(String townCode, int year) {}

    /** Every town and year with figures beyond data quality: what the demo writes reports for. */
    public List<TownAndYear> townYears(List<ScopeRow> scopes) {
        List<TownAndYear> all = new ArrayList<>();
        for (ScopeRow scope : scopes) {
            if (!scope.level().equals("TOWN")) {
                continue;
            }
            TreeSet<Integer> years = new TreeSet<>();
            for (StoredSnapshot s : store.ofScope(scope.code(), Optional.empty())) {
                if (s.period().length() == 4 && !s.indicator().startsWith("dq.") && s.numerator().signum() != 0) {
                    years.add(Integer.parseInt(s.period()));
                }
            }
            years.forEach(y -> all.add(new TownAndYear(scope.code(), y)));
        }
        return all;
    }
}
