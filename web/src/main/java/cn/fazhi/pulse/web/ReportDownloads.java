package cn.fazhi.pulse.web;

import cn.fazhi.pulse.report.AnnualReportBuilder;
import cn.fazhi.pulse.report.ReportFiles;
import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.sink.store.IndicatorStore;
import cn.fazhi.pulse.sink.store.ScopeRow;
import cn.fazhi.pulse.web.query.ScopeDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** {@code GET /api/reports/{town}/{year}.md|.docx}: a town's annual report, generated on request from the stored figures. */
public final class ReportDownloads {
    private static final Pattern FILE = Pattern.compile("(\\d{4})\\.(md|docx)");

    private final IndicatorStore store;
    private final Clock clock;

    public ReportDownloads(IndicatorStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** A report to send: its bytes, media type and file name. */
    public record Download(byte[] content, String contentType, String fileName) {}

    public Download report(String townCode, String file) {
        ScopeRow town = new ScopeDirectory(store.scopes()).require(townCode);
        if (!town.level().equals("TOWN")) {
            throw new WebException.BadRequest("年度报告针对镇街，" + townCode + " 不是镇街", "annual reports are of towns; " + townCode + " is not a town");
        }
        Matcher m = FILE.matcher(file);
        if (!m.matches()) {
            throw new WebException.NotFound("报告文件名须为 <年份>.md 或 <年份>.docx：" + file, "a report is <year>.md or <year>.docx: " + file);
        }
        int year = Integer.parseInt(m.group(1));
        if (store.indicators(townCode, m.group(1), Optional.empty()).isEmpty()) {
            throw new WebException.NotFound(town.name() + " " + year + " 年没有数据，无法生成报告", "no figures for " + townCode + " in " + year + ": no report");
        }
        return m.group(2).equals("md") ? markdown(townCode, year) : docx(townCode, year);
    }

    private Download markdown(String townCode, int year) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fazhi-report");
            Path written = new ReportFiles(store, AnnualReportBuilder.standard())
                    .writeMarkdown(townCode, year, Optional.empty(), Narrative.NONE, LocalDate.now(clock), dir);
            return new Download(Files.readAllBytes(written), "text/markdown; charset=utf-8", written.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report of " + townCode + " for " + year, e);
        } finally {
            deleteQuietly(dir);
        }
    }

    /**
     * TO WIRE AFTER MERGING (lead): the .docx report, which the report module is gaining in
     * {@code ReportFiles} at the same time as this module is written. Until then, 404 with a
     * message saying so.
     */
    private Download docx(String townCode, int year) {
        throw new WebException.NotFound("Word 版报告（.docx）尚未提供，请下载 " + year + ".md",
                ".docx reports are not available yet for " + townCode + "; download " + year + ".md");
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
