package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.app.config.ConfigKey;
import cn.fazhi.pulse.app.config.FazhiConfig;
import cn.fazhi.pulse.app.demo.IndicatorsExport;
import cn.fazhi.pulse.app.demo.RejectedFile;
import cn.fazhi.pulse.app.demo.SummaryTable;
import cn.fazhi.pulse.app.runtime.EmbeddedStack;
import cn.fazhi.pulse.app.runtime.Pipeline;
import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.report.ReportFiles;
import cn.fazhi.pulse.report.ReportFormat;
import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.producers.ingest.JsonLinesImport;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.sink.store.IndicatorStore;
import cn.fazhi.pulse.sink.store.StoredSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fazhi demo}: the whole pipeline in one process on the embedded broker and database,
 * fed with the built-in sample (the five seed towns) or the given JSON Lines files.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on an embedded Kafka and PostgreSQL, publish events, and export the indicators.")
final class DemoCommand implements Callable<Integer> {
    static final String SAMPLE = "samples/seed-towns.jsonl";
    /** Above this, publishing shows a progress bar. */
    private static final long PROGRESS_BAR_BYTES = 1 << 20;

    @Mixin
    ConfigOptions options;

    @Option(names = "--events", paramLabel = "PATH", description = "JSON Lines file of events (repeatable); default: the built-in sample of the five seed towns")
    List<Path> events = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "where indicators.json and rejected.jsonl go (default: ${DEFAULT-VALUE})", defaultValue = "out")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder of the embedded broker, database and state (default: data)")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: 8080)")
    Integer port;

    @Option(names = "--no-serve", description = "exit once everything published has been processed")
    boolean noServe;

    @Override
    public Integer call() throws Exception {
        Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
        if (dataDir != null) {
            flags.put(ConfigKey.DATA_DIR, dataDir.toString());
        }
        if (port != null) {
            flags.put(ConfigKey.HTTP_PORT, port.toString());
        }
        FazhiConfig config = options.load(flags);
        PrintStream console = System.out;
        console.println("法治脉搏 Fazhi Pulse — demo");
        List<Path> inputs = events.isEmpty() ? List.of(extractSample(config.dataDir())) : events;
        for (Path input : inputs) {
            if (!Files.isReadable(input)) {
                throw new IllegalArgumentException("cannot read events file " + input);
            }
        }

        EmbeddedStack stack = EmbeddedStack.start(config);
        Pipeline pipeline = null;
        try {
            console.printf("  Kafka       %s%s%n", stack.endpoints().bootstrapServers(), stack.embeddedKafka() ? " (embedded, " + config.dataDir().resolve("kafka") + ")" : "");
            console.printf("  PostgreSQL  %s%s%n", stack.endpoints().database().jdbcUrl(), stack.embeddedDatabase() ? " (embedded)" : "");
            pipeline = Pipeline.prepare(stack.endpoints(), config).startStreams().startSink();

            ImportSummary summary = publish(stack, inputs, console);
            console.printf("Published %,d events; %,d lines rejected (see %s)%n", summary.accepted(), summary.rejected(), out.resolve("rejected.jsonl"));
            console.println("Waiting for the pipeline to process them …");
            pipeline.awaitIdle(Duration.ofMinutes(30));

            IndicatorStore store = new IndicatorStore(stack.endpoints().database().jdbi());
            List<StoredSnapshot> snapshots = store.all(Optional.empty());
            IndicatorsExport.write(snapshots, out.resolve("indicators.json"));
            console.printf("Wrote %s (%,d snapshots)%n", out.resolve("indicators.json"), snapshots.size());
            ReportFiles reports = ReportFiles.standard(store);
            int written = 0;
            for (ReportFiles.ScopeAndYear report : reports.reportsToWrite(store.scopes())) {
                reports.write(report.code(), report.year(), Optional.empty(), Narrative.NONE, LocalDate.now(),
                        EnumSet.allOf(ReportFormat.class), out.resolve("reports"));
                written++;
            }
            console.printf("Wrote %d annual reports (.docx and .md; towns, then districts) to %s%n%n", written, out.resolve("reports"));
            SummaryTable.print(console, store.scopes(), snapshots);

            if (noServe) {
                return 0;
            }
            console.println();
            console.println("The pipeline keeps running: publish more events to " + stack.endpoints().bootstrapServers() + ". Ctrl-C to stop.");
            Pipeline running = pipeline;
            pipeline = null;
            ServiceRunner.runUntilStopped(() -> {
                running.close();
                stack.close();
            });
            return 0;
        } finally {
            if (pipeline != null) {
                pipeline.close();
            }
            if (noServe) {
                stack.close();
            }
        }
    }

    private ImportSummary publish(EmbeddedStack stack, List<Path> inputs, PrintStream console) throws IOException {
        long bytes = 0;
        for (Path input : inputs) {
            bytes += Files.size(input);
        }
        ProgressBar bar = bytes < PROGRESS_BAR_BYTES ? null : new ProgressBarBuilder()
                .setTaskName("发布事件 publishing").setInitialMax(bytes).setUnit(" MB", 1 << 20)
                .setStyle(ProgressBarStyle.ASCII).showSpeed().build();
        try (EventPublisher publisher = new EventPublisher(stack.endpoints().kafkaConfig());
             DeadLetterPublisher deadLetters = new DeadLetterPublisher(stack.endpoints().kafkaConfig());
             RejectedFile rejected = new RejectedFile(out.resolve("rejected.jsonl"))) {
            console.printf("Publishing %s …%n", inputs.stream().map(p -> p.getFileName().toString()).toList());
            return new JsonLinesImport(publisher, deadLetters, new EventJsonCodec())
                    .run(inputs, rejected, (done, total) -> {
                        if (bar != null) {
                            bar.stepTo(done);
                        }
                    });
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
    }

    /** The built-in sample, copied out of the jar so it is read like any other file. */
    static Path extractSample(Path dataDir) throws IOException {
        Path target = dataDir.resolve(SAMPLE);
        Files.createDirectories(target.getParent());
        try (InputStream in = DemoCommand.class.getClassLoader().getResourceAsStream(SAMPLE)) {
            if (in == null) {
                throw new IllegalStateException("the built-in sample " + SAMPLE + " is missing from the application");
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
