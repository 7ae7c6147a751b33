package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.app.demo.IndicatorsExport;
import cn.fazhi.pulse.app.demo.LedgerPublishing;
import cn.fazhi.pulse.app.demo.StoredSubmissions;
import cn.fazhi.pulse.app.demo.SummaryTable;
import cn.fazhi.pulse.app.demo.DemoAccounts;
import cn.fazhi.pulse.app.demo.EmbeddedStack;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.runtime.Pipeline;
import cn.fazhi.pulse.report.ReportFiles;
import cn.fazhi.pulse.report.ReportFormat;
import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.store.IndicatorStore;
import cn.fazhi.pulse.store.StoredSnapshot;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fazhi demo}: the whole pipeline in one process on the embedded broker and database,
 * fed with the built-in sample (the five seed towns) or the given ledger files (JSON Lines, CSV, .xlsx).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the whole pipeline on an embedded Kafka and PostgreSQL, publish events, and export the indicators.")
final class DemoCommand implements Callable<Integer> {
    static final String SAMPLE = "samples/seed-towns.jsonl";
    static final String ACCOUNTS_FILE = "accounts.txt";

    @Mixin
    ConfigOptions options;

    @Option(names = "--events", paramLabel = "PATH", description = "ledger of events, JSON Lines, CSV or Excel .xlsx (repeatable; see docs/import.md); default: the built-in sample of the five seed towns")
    List<Path> events = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "where indicators.json and rejected.jsonl go (default: ${DEFAULT-VALUE})", defaultValue = "out")
    Path out;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "folder of the embedded broker, database and state (default: data)")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", description = "HTTP port (default: 8080)")
    Integer port;

    @Option(names = "--no-serve", description = "exit once everything published has been processed")
    boolean noServe;

    @Option(names = "--kind", paramLabel = "KIND", description = "the kind of the entity ledgers among --events: mediation, petition or case (see fazhi import)")
    String kind;

    @Option(names = "--town", paramLabel = "CODE", description = "the town of the entity ledgers among --events that have no 区划代码 column")
    String town;

    @Option(names = "--sync", description = "entity ledgers among --events withdraw what earlier submissions published and they no longer list")
    boolean sync;

    @Spec
    CommandSpec spec;

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
                throw new IllegalArgumentException("无法读取事件文件 / cannot read events file " + input);
            }
        }

        EmbeddedStack stack = EmbeddedStack.start(config);
        Pipeline pipeline = null;
        try {
            console.printf("  Kafka       %s%s%n", stack.endpoints().bootstrapServers(), stack.embeddedKafka() ? " (embedded, " + config.dataDir().resolve("kafka") + ")" : "");
            console.printf("  PostgreSQL  %s%s%n", stack.endpoints().database().jdbcUrl(), stack.embeddedDatabase() ? " (embedded)" : "");
            pipeline = Pipeline.prepare(stack.endpoints(), config).startStreams().startSink();

            publish(stack, inputs, console);
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
            DemoAccounts.Created accounts = DemoAccounts.ensure(new AccountStore(stack.endpoints().database().jdbi()), store.scopes(),
                    config.dataDir().resolve(ACCOUNTS_FILE), "http://localhost:" + config.httpPort() + "/login");

            if (noServe) {
                return 0;
            }
            pipeline.alsoClosing(WebRuntime.start(stack.endpoints(), config));
            console.println();
            console.printf("Dashboard   http://localhost:%d/  (API: docs/api.md, accounts: docs/security.md)%n", config.httpPort());
            console.printf("Sign in     admin / %s%n", accounts.adminPassword() != null ? accounts.adminPassword()
                    : "(the password of an earlier run, in " + accounts.file() + ")");
            console.printf("            clerks and supervisors of the sample: %s (登录账号与密码 / accounts and passwords)%n", accounts.file());
            console.println("The pipeline keeps running: publish more events to " + stack.endpoints().bootstrapServers()
                    + ", or POST them to http://localhost:" + config.httpPort() + "/api/events with a token (./fazhi token create NAME). Ctrl-C to stop.");
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
        console.printf("Publishing %s …%n", inputs.stream().map(p -> p.getFileName().toString()).toList());
        LedgerPublishing.Options ledgers = new LedgerPublishing.Options(ImportCommand.entityLedgerOptions(spec, kind, town), sync,
                () -> StoredSubmissions.open(stack.endpoints().database()), LedgerPublishing.ALL_ROWS, LedgerPublishing.CHANGES_LISTED);
        return LedgerPublishing.run(inputs, stack.endpoints().kafkaConfig(), out.resolve("rejected.jsonl"), ledgers, console).rows();
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
