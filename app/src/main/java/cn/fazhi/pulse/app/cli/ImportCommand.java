package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.runtime.config.FazhiConfig;
import cn.fazhi.pulse.app.demo.HttpImportTarget;
import cn.fazhi.pulse.app.demo.LedgerPublishing;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.app.demo.StoredSubmissions;
import cn.fazhi.pulse.producers.ledger.EntityLedgerKind;
import cn.fazhi.pulse.producers.ledger.EntityLedgerOptions;
import cn.fazhi.pulse.producers.ledger.LedgerTemplate;
import cn.fazhi.pulse.runtime.config.ConfigKey;
import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        description = {"Publish ledgers (entity ledgers — 人民调解台账, 信访台账, 案件台账 — and event forms; CSV, Excel .xlsx, "
                + "JSON Lines) to the configured Kafka cluster, or to a running ./fazhi demo at localhost:19092. See docs/import.md.",
                "导入台账（JSON Lines、CSV、Excel）：合格的行发布，不合格的行逐行说明原因。"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every row published (or valid, with --dry-run)", "3:some rows rejected (see the rejected file)",
                "1:the import failed (a file unreadable, Kafka or, for an entity ledger, the database unreachable)"})
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

    @Option(names = "--template", paramLabel = "FILE.xlsx", description = "write the Excel template (one sheet per event type, Chinese headers) "
            + "and, beside it, the templates of the three entity ledgers (人民调解台账.xlsx, 信访台账.xlsx, 案件台账.xlsx), and exit")
    Path template;

    @Option(names = "--kind", paramLabel = "KIND", description = "the kind of the entity ledgers, when their headers leave it open: "
            + "mediation (人民调解), petition (信访) or case (案件)")
    String kind;

    @Option(names = "--town", paramLabel = "CODE", description = "the town of the entity ledgers that have no 区划代码 column (12 digits); "
            + "rows naming another town are refused")
    String town;

    @Option(names = "--show-changes", paramLabel = "N", defaultValue = "20",
            description = "list at most N rows of each kind of change of an entity ledger (新增, 修改, 删除, 不变; default ${DEFAULT-VALUE})")
    long showChanges;

    @Option(names = "--sync", description = "the entity ledgers are the whole truth for the towns, kinds and years they cover: "
            + "withdraw what earlier submissions published and they no longer list")
    boolean sync;

    @Override
    public Integer call() throws Exception {
        if (template != null) {
            LedgerTemplate.write(template);
            System.out.println("已写出模板 / wrote the template " + template);
            for (EntityLedgerKind ledger : EntityLedgerKind.values()) {
                Path file = template.toAbsolutePath().resolveSibling(LedgerTemplate.entityLedgerFileName(ledger));
                LedgerTemplate.writeEntityLedger(ledger, file);
                System.out.println("已写出模板 / wrote the template " + file);
            }
            return 0;
        }
        if (files.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "give at least one FILE to import, or --template FILE.xlsx");
        }
        if (server != null && !dryRun) {
            return importThroughServer();
        }
        FazhiConfig config = options.load(Map.of());
        Map<String, Object> kafka = dryRun ? null : ConfigOptions.clusterOrRunningDemo(config);
        if (kafka != null) {
            System.out.println("Kafka: " + kafka.get("bootstrap.servers"));
            requireReachable(kafka);
        }
        Database database = new Database(config.dbUrl().orElse("jdbc:postgresql://localhost:" + ConfigKey.EMBEDDED_DB_PORT.defaultValue() + "/postgres"),
                config.dbUser(), config.dbPassword());
        LedgerPublishing.Options ledgerOptions = new LedgerPublishing.Options(entityLedgerOptions(spec, kind, town), sync,
                () -> StoredSubmissions.open(database), showRejected == null ? LedgerPublishing.ALL_ROWS : showRejected, showChanges);
        ImportSummary summary = LedgerPublishing.run(files, kafka, rejected, ledgerOptions, System.out).rows();
        return summary.rejected() > 0 ? SOME_ROWS_REJECTED : 0;
    }

    /** {@code --server URL --token TOKEN}: the good rows to the server's {@code POST /api/events}, the rest as for Kafka. */
    private int importThroughServer() throws Exception {
        String bearer = token != null ? token : System.getenv("FAZHI_TOKEN");
        if (bearer == null || bearer.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--server 需要 --token（或环境变量 FAZHI_TOKEN）/ --server needs --token (or FAZHI_TOKEN)");
        }
        HttpImportTarget target = new HttpImportTarget(server, bearer.strip());
        System.out.println("Server: " + server);
        target.requireSignedIn();
        // Entity ledgers are compared with earlier submissions kept in the database, which an office with only a token cannot read.
        LedgerPublishing.Options ledgerOptions = new LedgerPublishing.Options(entityLedgerOptions(spec, kind, town), false, () -> {
            throw new IllegalStateException("实体台账须与以前的上报比较，经 --server 导入暂不支持，请直接导入 / entity ledgers are compared with "
                    + "earlier submissions in the database: not yet through --server, import them without it");
        }, showRejected == null ? LedgerPublishing.ALL_ROWS : showRejected, showChanges);
        ImportSummary summary = LedgerPublishing.run(files, target, rejected, ledgerOptions, System.out).rows();
        return summary.rejected() > 0 ? SOME_ROWS_REJECTED : 0;
    }

    /** {@code --kind} and {@code --town}, checked. */
    static EntityLedgerOptions entityLedgerOptions(CommandSpec spec, String kind, String town) {
        Optional<EntityLedgerKind> ledgerKind = Optional.ofNullable(kind).map(k -> EntityLedgerKind.byName(k).orElseThrow(() ->
                new ParameterException(spec.commandLine(), "--kind 须为 mediation（人民调解）、petition（信访）或 case（案件） / "
                        + "--kind must be mediation, petition or case: " + k)));
        if (town != null && !TownCode.isValid(town)) {
            throw new ParameterException(spec.commandLine(), "--town 须为12位区划代码 / --town must be a 12-digit division code: " + town);
        }
        return new EntityLedgerOptions(ledgerKind, Optional.ofNullable(town));
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
