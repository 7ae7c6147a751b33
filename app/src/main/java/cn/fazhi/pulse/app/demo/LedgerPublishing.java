package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.producers.ingest.LedgerImport;
import cn.fazhi.pulse.producers.ingest.RejectedLine;
import cn.fazhi.pulse.schemas.Violation;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Imports ledger files for {@code fazhi import} and {@code fazhi demo --events}: a progress bar
 * with rate and time left for large files, each bad row on the terminal (all of them, or as many
 * as asked; all of them in the rejected file in any case) and a summary per file.
 */
public final class LedgerPublishing {
    /** Above this, publishing shows a progress bar. */
    private static final long PROGRESS_BAR_BYTES = 1 << 20;
    /** Every bad row on the terminal, unless the caller asks for fewer. */
    public static final long ALL_ROWS = Long.MAX_VALUE;

    private LedgerPublishing() {}

    /**
     * @param kafkaConfig where to publish; null for a dry run, which publishes nothing
     * @param rejectedFile where every refused row goes, as JSON Lines
     * @param rowsOnTerminal how many refused rows to print (a file of a million bad rows need not
     *     scroll for an hour: the rejected file has them all)
     */
    public static ImportSummary run(List<Path> files, Map<String, Object> kafkaConfig, Path rejectedFile, long rowsOnTerminal,
                                    PrintStream console) throws IOException {
        if (kafkaConfig == null) {
            return run(files, ImportTarget.dryRun(), true, rejectedFile, rowsOnTerminal, console);
        }
        try (EventPublisher publisher = new EventPublisher(kafkaConfig);
             DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafkaConfig)) {
            return run(files, ImportTarget.kafka(publisher, deadLetters), false, rejectedFile, rowsOnTerminal, console);
        }
    }

    /** The same, to any target: Kafka, nowhere ({@code dryRun}), or a server's {@code POST /api/events} ({@link HttpImportTarget}). */
    public static ImportSummary run(List<Path> files, ImportTarget target, boolean dryRun, Path rejectedFile, long rowsOnTerminal,
                                    PrintStream console) throws IOException {
        for (Path file : files) {
            if (!Files.isReadable(file)) {
                throw new IllegalArgumentException("无法读取文件 / cannot read file " + file);
            }
        }
        long bytes = 0;
        for (Path file : files) {
            bytes += Files.size(file);
        }
        ProgressBar bar = bytes < PROGRESS_BAR_BYTES ? null : new ProgressBarBuilder()
                .setTaskName(dryRun ? "校验 checking" : "发布 publishing").setInitialMax(bytes).setUnit(" MB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
        long[] shown = {0};
        ImportSummary summary;
        try (RejectedFile rejected = new RejectedFile(rejectedFile)) {
            LedgerImport.Progress progress = (done, total) -> {
                if (bar != null) {
                    bar.stepTo(done);
                }
            };
            java.util.function.Consumer<RejectedLine> report = row -> {
                rejected.accept(row);
                if (shown[0]++ < rowsOnTerminal) {
                    console.println("  ✗ " + row.place() + "：" + String.join("; ", row.violations().stream().map(Violation::describe).toList()));
                }
            };
            summary = new LedgerImport(target, new EventJsonCodec()).run(files, report, progress);
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        if (shown[0] > rowsOnTerminal) {
            console.printf("  … 另有 %,d 行被拒绝，见 %s / %,d more rejected rows in %s%n", shown[0] - rowsOnTerminal, rejectedFile,
                    shown[0] - rowsOnTerminal, rejectedFile);
        }
        printSummary(summary, dryRun, rejectedFile, console);
        return summary;
    }

    private static void printSummary(ImportSummary summary, boolean dryRun, Path rejectedFile, PrintStream console) {
        String verb = dryRun ? "可发布 valid" : "已发布 published";
        for (Map.Entry<String, long[]> file : summary.perFile().entrySet()) {
            long[] c = file.getValue();
            console.printf("  %s: %s %,d, 拒绝 rejected %,d, 跳过 skipped %,d%n", file.getKey(), verb, c[0], c[1], c[2]);
        }
        console.printf("%s %,d 条事件；拒绝 %,d 行%s / %s %,d events; %,d rows rejected%s%n",
                dryRun ? "校验完毕（未发布）：可发布" : "已发布", summary.accepted(), summary.rejected(),
                summary.rejected() > 0 ? "（见 " + rejectedFile + "）" : "",
                dryRun ? "Dry run, nothing published: valid" : "Published", summary.accepted(), summary.rejected(),
                summary.rejected() > 0 ? " (see " + rejectedFile + ")" : "");
    }
}
