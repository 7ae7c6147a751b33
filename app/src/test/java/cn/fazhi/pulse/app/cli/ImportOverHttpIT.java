package cn.fazhi.pulse.app.cli;

import static cn.fazhi.pulse.app.cli.CliRun.fazhi;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.TopicSetup;
import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.AuditLog;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.store.access.Submission;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import cn.fazhi.pulse.web.WebApplication;
import cn.fazhi.pulse.web.WebSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code fazhi import --server URL --token TOKEN}: an office with a token and no Kafka access imports a ledger through the API. */
@ExtendWith(PipelineBackends.class)
class ImportOverHttpIT {
    private static final String YLQ = "120111101000";

    @TempDir
    Path work;

    private WebApplication web;
    private Database database;
    private String token;

    @BeforeEach
    void startServer(Backends backends) throws Exception {
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers());
        try (Admin admin = Admin.create(kafka)) {
            TopicSetup.ensure(admin, (short) 1);
        }
        database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        AccountStore accounts = new AccountStore(database.jdbi());
        accounts.add("ylq-clerk", Role.CLERK, new AccessScope(YLQ), "ylq-clerk-password".toCharArray());
        token = accounts.createToken("ylq-clerk", Duration.ofDays(1)).secret();
        web = WebApplication.start(kafka, database, new WebSettings(0, WebSettings.DEFAULT_MAX_REQUEST_BYTES, 1000, "import-http-it", "import-http-it-sink"));
    }

    @AfterEach
    void stop() throws Exception {
        web.close();
    }

    @Test
    void shouldSubmitTheGoodRowsWithTheSameSummaryAndRejectedReportWhenImportingThroughTheServer() throws Exception {
        String run = UUID.randomUUID().toString();
        Path ledger = Files.writeString(work.resolve("调解受理.csv"), "受理日期,区划代码,调解编号,纠纷类型\n"
                + "2024/3/1," + YLQ + "," + run + "-1,邻里\n"
                + "2024/3/2," + YLQ + "," + run + "-2,吵架\n"
                + "2024/3/3," + YLQ + "," + run + "-3,物业\n", StandardCharsets.UTF_8);
        Path rejected = work.resolve("rejected.jsonl");
        Instant before = Instant.now().minusSeconds(1);

        CliRun result = fazhi("import", "--server", "http://localhost:" + web.port(), "--token", token, "--rejected", rejected.toString(), ledger.toString());

        assertThat(result.exit()).as(result.err()).isEqualTo(ImportCommand.SOME_ROWS_REJECTED);
        assertThat(result.out()).contains("Published 2 events; 1 rows rejected").contains("调解受理.csv 第 3 行 / row 3");
        assertThat(Files.readAllLines(rejected, StandardCharsets.UTF_8)).singleElement().asString().contains("吵架");
        List<Submission> audit = new AuditLog(database.jdbi()).forTown(YLQ, before);
        assertThat(audit).hasSize(2).allSatisfy(s -> {
            assertThat(s.accountName()).isEqualTo("ylq-clerk");
            assertThat(s.outcome()).isEqualTo(Submission.ACCEPTED);
        });
    }

    @Test
    void shouldFailWithTheServersReasonWhenTheTokenIsNotValid() throws Exception {
        Path ledger = Files.writeString(work.resolve("MediationAccepted.csv"), "occurred_at,town_code,mediation_id,dispute_type\n"
                + "2024-03-01," + YLQ + ",m-1,NEIGHBOR\n", StandardCharsets.UTF_8);

        CliRun result = fazhi("import", "--server", "http://localhost:" + web.port(), "--token", "fzt_not-a-token", ledger.toString());

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("401").contains("token");
    }
}
