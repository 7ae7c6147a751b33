package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.app.demo.HttpImportTarget;
import cn.fazhi.pulse.app.demo.LedgerPublishing;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.producers.ledger.LedgerTemplate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fazhi import FILE...}: publishes ledgers (JSON Lines, CSV, Excel) to the configured
 * cluster, or to a running {@code ./fazhi demo}; {@code --template} writes the Excel template.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Publish ledgers of events (JSON Lines, CSV, Excel .xlsx) to the configured Kafka cluster, "
                + "or to a running ./fazhi demo at localhost:19092. See docs/import.md.",
                "导入台账（JSON Lines、CSV、Excel）：合格的行发布，不合格的行逐行说明原因。"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row published (or valid, with --dry-run)", "3:some rows rejected (see the rejected file)", "1:the import failed"})
final class ImportCommand implements Callable<Integer> {
    static final int SOME_ROWS_REJECTED = 3;
    private static final Duration REACH_TIMEOUT = Duration.ofSeconds(15);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = ".jsonl, .csv or .xlsx ledgers")
    List<Path> files = new ArrayList<>();

    @Option(names = "--dry-run", description = "check every row, publish nothing")
    boolean dryRun;

    @Option(names = "--rejected", paramLabel = "FILE", defaultValue = "rejected.jsonl",
            description = "where refused rows go, one JSON line each with file, row, field and reason (default: ${DEFAULT-VALUE})")
    Path rejected;

    @Option(names = "--show-rejected", paramLabel = "N", description = "print at most N rejected rows (default: all; the rejected file always has all)")
    Long showRejected;

    @Option(names = "--server", paramLabel = "URL", description = "submit through the HTTP API of a running server (e.g. http://localhost:8080) instead of to Kafka; needs --token")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", description = "bearer token for --server (./fazhi token create NAME); or the environment variable FAZHI_TOKEN")
    String token;

    @Option(names = "--template", paramLabel = "FILE.xlsx", description = "write the Excel template (one sheet per event type, Chinese headers) and exit")
    Path template;

    @Override
    public Integer call() throws Exception {
        if (template != null) {
            LedgerTemplate.write(template);
            System.out.println("已写出模板 / wrote the template " + template);
            return 0;
        }
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give at least one FILE to import, or --template FILE.xlsx");
        }
        if (server != null && !dryRun) {
            String bearer = token != null ? token : System.getenv("FAZHI_TOKEN");
            if (bearer == null || bearer.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--server 需要 --token（或环境变量 FAZHI_TOKEN）/ --server needs --token (or FAZHI_TOKEN)");
            }
            HttpImportTarget target = new HttpImportTarget(server, bearer.strip());
            System.out.println("Server: " + server);
            target.requireSignedIn();
            ImportSummary summary = LedgerPublishing.run(files, target, false, rejected,
                    showRejected == null ? LedgerPublishing.ALL_ROWS : showRejected, System.out);
            return summary.rejected() > 0 ? SOME_ROWS_REJECTED : 0;
        }
        FazhiConfig config = options.load(Map.of());
        Map<String, Object> kafka = dryRun ? null : ConfigOptions.clusterOrRunningDemo(config);
        if (kafka != null) {
            System.out.println("Kafka: " + kafka.get("bootstrap.servers"));
            requireReachable(kafka);
        }
        ImportSummary summary = LedgerPublishing.run(files, kafka, rejected,
                showRejected == null ? LedgerPublishing.ALL_ROWS : showRejected, System.out);
        return summary.rejected() > 0 ? SOME_ROWS_REJECTED : 0;
    }

    /** Fails in seconds, with a hint, instead of every row waiting out the producer's timeout. */
    private static void requireReachable(Map<String, Object> kafka) throws InterruptedException {
        Map<String, Object> quick = new java.util.HashMap<>(kafka);
        quick.put("request.timeout.ms", (int) REACH_TIMEOUT.toMillis());
        quick.put("default.api.timeout.ms", (int) REACH_TIMEOUT.toMillis());
        try (Admin admin = Admin.create(quick)) {
            admin.describeCluster().clusterId().get(REACH_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("无法连接 Kafka " + kafka.get("bootstrap.servers") + "（./fazhi demo 是否在运行？或用 --set kafka.bootstrap.servers=… 指定集群）"
                    + " / cannot reach Kafka at " + kafka.get("bootstrap.servers")
                    + " (is ./fazhi demo running? or name the cluster with --set kafka.bootstrap.servers=…)", e);
        }
    }
}
