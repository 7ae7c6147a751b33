package cn.fazhi.pulse.web;

import cn.fazhi.pulse.report.ReportFiles;
import cn.fazhi.pulse.report.ReportFormat;
import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.web.query.ScopeDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code GET /api/reports/{code}/{year}.md|.docx}: a town's or district's annual report, generated on request from the stored figures. */
public final class ReportDownloads {
    private static final Pattern FILE = Pattern.compile("(\\d{4})\\.(md|docx)");

    private static final Map<ReportFormat, String> CONTENT_TYPES = Map.of(
            ReportFormat.MD, "text/markdown; charset=utf-8",
            ReportFormat.DOCX, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");

    private final IndicatorStore store;
    private final Clock clock;

    public ReportDownloads(IndicatorStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A report to send: its bytes, media type and file name. */
    public record Download(byte[] content, String contentType, String fileName) {}

    public Download report(String scopeCode, String file) {
        ScopeRow scope = new ScopeDirectory(store.scopes()).require(scopeCode);
        if (scope.level().equals("CITY")) {
            throw new WebException.BadRequest("年度报告针对镇街或区县，" + scopeCode + " 是市", "annual reports are of towns and districts; " + scopeCode + " is a city");
        }
        Matcher m = FILE.matcher(file);
        if (!m.matches()) {
            throw new WebException.NotFound("报告文件名须为 <年份>.md 或 <年份>.docx：" + file, "a report is <year>.md or <year>.docx: " + file);
        }
        int year = Integer.parseInt(m.group(1));
        if (store.indicators(scopeCode, m.group(1), Optional.empty()).isEmpty()) {
            throw new WebException.NotFound(scope.name() + " " + year + " 年没有数据，无法生成报告", "no figures for " + scopeCode + " in " + year + ": no report");
        }
        ReportFormat format = ReportFormat.valueOf(m.group(2).toUpperCase(Locale.ROOT));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fazhi-report");
            Path written = ReportFiles.standard(store)
                    .write(scopeCode, year, Optional.empty(), Narrative.NONE, LocalDate.now(clock), Set.of(format), dir).stream()
                    .filter(path -> path.getFileName().toString().endsWith("." + format.extension()))
                    .findFirst().orElseThrow();
            return new Download(Files.readAllBytes(written), CONTENT_TYPES.get(format), written.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + scopeCode + " for " + year, e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind is harmless; the report was already read.
        }
    }
}
