package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.app.config.ConfigKey;
import cn.fazhi.pulse.app.config.FazhiConfig;
import cn.fazhi.pulse.report.AnnualReportBuilder;
import cn.fazhi.pulse.report.ReportFiles;
import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.sink.Database;
import cn.fazhi.pulse.sink.store.IndicatorStore;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fazhi report}: a town's annual report from the stored indicators. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a town's 法治政府建设情况报告 for a year from the stored indicators (against the configured "
                + "database, or a running ./fazhi demo).")
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--town", required = true, paramLabel = "CODE", description = "12-digit town code")
    String town;

    @Option(names = "--year", required = true, paramLabel = "YYYY")
    int year;

    @Option(names = "--as-of", paramLabel = "INSTANT", description = "the report as it stood then, e.g. 2024-03-20 or 2024-03-20T12:00:00+08:00")
    String asOf;

    @Option(names = "--narrative", paramLabel = "FILE", description = "Markdown with the office's words for parts three to five")
    Path narrative;

    @Option(names = "--format", defaultValue = "md", split = ",", description = "output formats (default ${DEFAULT-VALUE}; .docx is coming)")
    String[] formats;

    @Option(names = "--out", defaultValue = "out/reports", paramLabel = "DIR", description = "default ${DEFAULT-VALUE}")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!town.matches("\\d{12}")) {
            throw new ParameterException(spec.commandLine(), "--town must be a 12-digit town code: " + town);
        }
        for (String format : formats) {
            if (!format.equals("md")) {
                throw new ParameterException(spec.commandLine(), "--format " + format + " is not available yet; use md");
            }
        }
        FazhiConfig config = options.load(Map.of());
        String url = config.dbUrl().orElse("jdbc:postgresql://localhost:" + ConfigKey.EMBEDDED_DB_PORT.defaultValue() + "/postgres");
        IndicatorStore store = new IndicatorStore(new Database(url, config.dbUser(), config.dbPassword()).jdbi());
        Optional<Instant> at = Optional.ofNullable(asOf).map(EventJsonCodec::parseTimestamp);
        Path file = new ReportFiles(store, AnnualReportBuilder.standard()).writeMarkdown(town, year, at,
                narrative == null ? Narrative.NONE : Narrative.fromMarkdown(narrative), LocalDate.now(), out);
        System.out.println("Wrote " + file);
        return 0;
    }
}
