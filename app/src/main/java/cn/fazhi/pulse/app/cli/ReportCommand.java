package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.report.AnnualReportBuilder;
import cn.fazhi.pulse.report.ReportFiles;
import cn.fazhi.pulse.report.ReportFormat;
import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.report.model.Targets;
import cn.fazhi.pulse.report.phrasing.Phrasebook;
import cn.fazhi.pulse.report.render.DocxWriter;
import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.store.IndicatorStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fazhi report}: a town's or a district's annual report from the stored indicators. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a town's (or a district's, with its towns ranked) 法治政府建设情况报告 for a year from the stored "
                + "indicators, as .docx and .md (against the configured database, or a running ./fazhi demo). See docs/report.md.")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = {"--town", "--district"}, required = true, paramLabel = "CODE",
            description = "12-digit code of a town, or of a district for the district's roll-up report")
    String town;

    @Option(names = "--year", required = true, paramLabel = "YYYY")
    int year;

    @Option(names = "--as-of", paramLabel = "INSTANT", description = "the report as it stood then, e.g. 2024-03-20 or 2024-03-20T12:00:00+08:00")
    String asOf;

    @Option(names = "--narrative", paramLabel = "FILE", description = "Markdown with the office's words for parts three to five")
    Path narrative;

    @Option(names = "--format", defaultValue = "docx,md", paramLabel = "docx,md", description = "output formats (default ${DEFAULT-VALUE})")
    String formats;

    @Option(names = "--template", paramLabel = "FILE", description = "the office's own Word template (a restyled copy of the standard one)")
    Path template;

    @Option(names = "--targets", paramLabel = "FILE", description = "the office's targets for part two (properties: indicator id = target)")
    Path targets;

    @Option(names = "--part-order", defaultValue = "1,2,3,4,5", split = ",", paramLabel = "N,N,…",
            description = "the order of the five parts (default ${DEFAULT-VALUE}; e.g. 1,3,2,4,5 puts part three before part two)")
    List<Integer> partOrder;

    @Option(names = "--evidence", description = "also write <code>-<year>-evidence.xlsx beside a town's report: the items behind each figure of the appendix")
    boolean evidence;

    @Option(names = "--out", defaultValue = "out/reports", paramLabel = "DIR", description = "default ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!TownCode.isValid(town)) {
            throw new ParameterException(spec.commandLine(), "--town/--district 须为12位区划代码 / must be a 12-digit town or district code: " + town);
        }
        requireFile("--narrative", narrative);
        requireFile("--targets", targets);
        requireFile("--template", template);
        Set<ReportFormat> outputs;
        try {
            outputs = ReportFormat.parse(formats);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        FazhiConfig config = options.load(Map.of());
        String url = config.dbUrl().orElse("jdbc:postgresql://localhost:" + ConfigKey.EMBEDDED_DB_PORT.defaultValue() + "/postgres");
        Database database = new Database(url, config.dbUser(), config.dbPassword());
        IndicatorStore store = new IndicatorStore(database.jdbi());
        Optional<Instant> at = Optional.ofNullable(asOf).map(EventJsonCodec::parseTimestamp);
        AnnualReportBuilder builder = new AnnualReportBuilder(Phrasebook.standard(), targets == null ? Targets.standard() : Targets.fromFile(targets),
                partOrder);
        ReportFiles files = new ReportFiles(store, builder, template == null ? DocxWriter.standard() : DocxWriter.fromFile(template));
        List<Path> written = files.write(town, year, at, narrative == null ? Narrative.NONE : Narrative.fromMarkdown(narrative),
                LocalDate.now(), outputs, out, evidence ? Optional.of(new EvidenceStore(database.jdbi())) : Optional.empty());
        written.forEach(file -> System.out.println("Wrote " + file));
        return 0;
    }

    private void requireFile(String option, Path file) {
        if (file != null && !Files.isRegularFile(file)) {
            throw new ParameterException(spec.commandLine(), option + " " + file + "：文件不存在 / no such file");
        }
    }
}
