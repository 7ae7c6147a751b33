package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.ingest.EntityLedgers;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.producers.ingest.LedgerImport;
import cn.fazhi.pulse.producers.ingest.RejectedLine;
import cn.fazhi.pulse.producers.ledger.EntityLedgerOptions;
import cn.fazhi.pulse.producers.ledger.EntityLedgerRow;
import cn.fazhi.pulse.producers.ledger.LedgerColumns;
import cn.fazhi.pulse.producers.submission.EntityChange;
import cn.fazhi.pulse.producers.submission.LedgerSubmissionService;
import cn.fazhi.pulse.producers.submission.SubmissionPlan;
import cn.fazhi.pulse.producers.submission.SubmittedLedgers;
import java.time.Clock;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Imports ledger files for {@code fazhi import} and {@code fazhi demo --events}: a progress bar
 * with rate and time left for large files, each bad row on the terminal (all of them, or as many
 * as asked; all of them in the rejected file in any case) and a summary per file. Entity ledgers
 * are compared with what earlier submissions said, the difference is shown (新增、修改、删除、不变,
 * with the rows behind each), and only what differs is published.
 */
public final class LedgerPublishing {
    /** Above this, publishing shows a progress bar. */
    private static final long PROGRESS_BAR_BYTES = 1 << 20;
    /** Every bad row on the terminal, unless the caller asks for fewer. */
    public static final long ALL_ROWS = Long.MAX_VALUE;
    /** Rows of each kind of change listed unless asked otherwise: a first submission of 50,000 rows need not list them all. */
    public static final long CHANGES_LISTED = 20;

    private LedgerPublishing() {}

    /**
     * How entity ledgers are taken.
     *
     * @param entityLedgers their kind and town when the files do not say
     * @param sync withdraw what earlier submissions published and the ledgers no longer list
     * @param kept what earlier submissions said; asked for only when there is an entity ledger
     * @param rowsOnTerminal how many refused rows to print
     * @param changesOnTerminal how many rows of each kind of change (新增, 修改, …) to print
     */
    public record Options(EntityLedgerOptions entityLedgers, boolean sync, Supplier<SubmittedLedgers> kept, long rowsOnTerminal,
                          long changesOnTerminal) {
        public static Options eventsOnly(long rowsOnTerminal) {
            return new Options(EntityLedgerOptions.NONE, false, () -> {
                throw new IllegalStateException("实体台账须与以前的上报比较，需要数据库 / an entity ledger needs the database of earlier submissions");
            }, rowsOnTerminal, CHANGES_LISTED);
        }
    }

    /** What an import did: the rows, and for entity ledgers the difference and the submission's number (0 when none was kept). */
    public record Outcome(ImportSummary rows, SubmissionPlan plan, long eventsPublished, long submission, Set<String> entityLedgerFiles) {}

    public static ImportSummary run(List<Path> files, Map<String, Object> kafkaConfig, Path rejectedFile, long rowsOnTerminal,
                                    PrintStream console) throws IOException {
        return run(files, kafkaConfig, rejectedFile, Options.eventsOnly(rowsOnTerminal), console).rows();
    }

    /**
     * @param kafkaConfig where to publish; null for a dry run, which publishes nothing
     * @param rejectedFile where every refused row goes, as JSON Lines
     */
    public static Outcome run(List<Path> files, Map<String, Object> kafkaConfig, Path rejectedFile, Options options,
                              PrintStream console) throws IOException {
        return run(files, kafkaConfig, null, rejectedFile, options, console);
    }

    /** The same through a server's {@code POST /api/events} ({@link HttpImportTarget}) instead of Kafka. */
    public static Outcome run(List<Path> files, HttpImportTarget server, Path rejectedFile, Options options,
                              PrintStream console) throws IOException {
        return run(files, null, server, rejectedFile, options, console);
    }

    private static Outcome run(List<Path> files, Map<String, Object> kafkaConfig, HttpImportTarget server, Path rejectedFile, Options options,
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
        boolean dryRun = kafkaConfig == null && server == null;
        ReadingProgress reading = new ReadingProgress(bytes < PROGRESS_BAR_BYTES ? null : new ProgressBarBuilder()
                .setTaskName(dryRun ? "校验 checking" : "发布 publishing").setInitialMax(bytes).setUnit(" MB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().build(), console);
        long[] shown = {0};
        Outcome outcome;
        try (RejectedFile rejected = new RejectedFile(rejectedFile)) {
            Consumer<RejectedLine> report = row -> {
                rejected.accept(row);
                if (shown[0]++ < options.rowsOnTerminal()) {
                    reading.println("  ✗ " + row.place() + "：" + row.reason());
                }
            };
            if (dryRun) {
                outcome = importAndSubmit(files, ImportTarget.dryRun(), true, options, report, reading, console);
            } else if (server != null) {
                outcome = importAndSubmit(files, server, false, options, report, reading, console);
            } else {
                try (EventPublisher publisher = new EventPublisher(kafkaConfig);
                     DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafkaConfig)) {
                    outcome = importAndSubmit(files, ImportTarget.kafka(publisher, deadLetters), false, options, report, reading, console);
                }
            }
        } finally {
            reading.finish();
        }
        if (shown[0] > options.rowsOnTerminal()) {
            console.printf("  … 另有 %,d 行被拒绝，见 %s / %,d more rejected rows in %s%n", shown[0] - options.rowsOnTerminal(), rejectedFile,
                    shown[0] - options.rowsOnTerminal(), rejectedFile);
        }
        printSummary(outcome, dryRun, rejectedFile, console);
        return outcome;
    }

    private static Outcome importAndSubmit(List<Path> files, ImportTarget target, boolean dryRun, Options options, Consumer<RejectedLine> report,
                                           ReadingProgress reading, PrintStream console) {
        LedgerImport ledgerImport = new LedgerImport(target, new EventJsonCodec(), options.entityLedgers());
        ImportSummary rows = ledgerImport.run(files, report, reading::stepTo);
        reading.finish(); // what follows is printed, and the bar would be drawn into it
        EntityLedgers ledgers = ledgerImport.entityLedgers();
        long entityRows = ledgers.entities().size();
        if (ledgers.isEmpty()) {
            return new Outcome(rows, null, rows.accepted(), 0, Set.of());
        }
        Set<String> ledgerFiles = ledgers.columns().stream().map(c -> c.file().toString()).collect(Collectors.toSet());
        printColumns(ledgers, console);
        LedgerSubmissionService service = new LedgerSubmissionService(options.kept().get(), Clock.systemUTC());
        SubmissionPlan plan = service.plan(ledgers, options.sync());
        printPlan(plan, options, console);
        long submission = dryRun ? 0 : service.publish(plan, target, options.sync());
        return new Outcome(rows, plan, rows.accepted() - entityRows + plan.events().size(), submission, ledgerFiles);
    }

    private static void printColumns(EntityLedgers ledgers, PrintStream console) {
        for (LedgerColumns c : ledgers.columns()) {
            console.printf("  %s：%s / %s%n", c.where(), c.kind().title(), c.kind().entityKind().keySegment() + " ledger");
            console.println("    读取 read: " + String.join("、", c.read()));
            if (!c.ignored().isEmpty()) {
                console.println("    未读取 ignored: " + String.join("、", c.ignored()));
            }
            if (!c.personalData().isEmpty()) {
                console.println("    未读取（个人信息） ignored: personal data: " + String.join("、", c.personalData()));
            }
        }
        Map<EntityLedgerRow.Skip, Long> skipped = ledgers.skipped();
        if (!skipped.isEmpty()) {
            console.printf("    跳过 skipped: 合计行 total rows %,d、空行 blank rows %,d、标题行 title rows %,d、示例行 comment rows %,d%n",
                    skipped.getOrDefault(EntityLedgerRow.Skip.TOTAL, 0L), skipped.getOrDefault(EntityLedgerRow.Skip.BLANK, 0L),
                    skipped.getOrDefault(EntityLedgerRow.Skip.TITLE, 0L), skipped.getOrDefault(EntityLedgerRow.Skip.COMMENT, 0L));
        }
    }

    private static void printPlan(SubmissionPlan plan, Options options, PrintStream console) {
        console.println("与以前的上报相比 / compared with earlier submissions: " + plan.summary());
        for (EntityChange.Change change : EntityChange.Change.values()) {
            long limit = options.changesOnTerminal();
            List<EntityChange> rows = plan.changes().stream().filter(c -> c.change() == change).toList();
            rows.stream().limit(limit).forEach(c -> console.println("  " + change.zh() + " " + change.en() + "  " + c.key().entityId()
                    + "  " + c.place() + (c.details().isEmpty() ? "" : "  " + String.join("；", c.details()))));
            if (rows.size() > limit) {
                console.printf("  … %s %,d 件 / %,d more %s%n", change.zh(), rows.size() - limit, rows.size() - limit, change.en());
            }
        }
    }

    private static void printSummary(Outcome outcome, boolean dryRun, Path rejectedFile, PrintStream console) {
        ImportSummary summary = outcome.rows();
        String verb = dryRun ? "可发布 valid" : "已发布 published";
        for (Map.Entry<String, long[]> file : summary.perFile().entrySet()) {
            long[] c = file.getValue();
            console.printf("  %s: %s %,d, 拒绝 rejected %,d, 跳过 skipped %,d%n", file.getKey(),
                    outcome.entityLedgerFiles().contains(file.getKey()) ? "有效行 valid rows" : verb, c[0], c[1], c[2]);
        }
        if (outcome.plan() != null) {
            console.printf(dryRun ? "实体台账：将发布 %,d 条事件 / entity ledgers: %,d events would be published%n"
                    : "实体台账：已发布 %,d 条事件 / entity ledgers: %,d events published%n", outcome.plan().events().size(), outcome.plan().events().size());
            if (outcome.submission() > 0) {
                console.printf("上报编号 submission no. %d：%s%n", outcome.submission(), outcome.plan().summary());
            }
        }
        console.printf("%s %,d 条事件；拒绝 %,d 行%s / %s %,d events; %,d rows rejected%s%n",
                dryRun ? "校验完毕（未发布）：可发布" : "已发布", outcome.eventsPublished(), summary.rejected(),
                summary.rejected() > 0 ? "（见 " + rejectedFile + "）" : "",
                dryRun ? "Dry run, nothing published: valid" : "Published", outcome.eventsPublished(), summary.rejected(),
                summary.rejected() > 0 ? " (see " + rejectedFile + ")" : "");
    }

    /**
     * The bar of the files being read, if there is one. It redraws its own line on the terminal, so
     * a line printed while it runs first clears that line, and the bar is finished before the
     * comparison and the summary are printed: otherwise the bar and the text end up on one line.
     */
    private static final class ReadingProgress {
        /** Carriage return, then erase the whole line (ANSI). */
        private static final String CLEAR_LINE = "\r\033[2K";
        private final ProgressBar bar;
        private final PrintStream console;
        private boolean finished;

        ReadingProgress(ProgressBar bar, PrintStream console) {
            this.bar = bar;
            this.console = console;
            this.finished = bar == null;
        }

        void stepTo(long done, long total) {
            if (!finished) {
                bar.stepTo(done);
            }
        }

        synchronized void println(String line) {
            if (!finished && System.console() != null) {
                console.print(CLEAR_LINE);
            }
            console.println(line);
        }

        synchronized void finish() {
            if (!finished) {
                finished = true;
                bar.close();
            }
        }
    }
}
