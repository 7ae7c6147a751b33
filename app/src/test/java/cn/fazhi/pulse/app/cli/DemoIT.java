package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.embedded.EmbeddedDatabase;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code fazhi demo --no-serve}, run in-process as a user would run it. */
@ExtendWith(PipelineBackends.class)
class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void shouldExportTheSeedReportsFiguresWhenTheDemoRunsOnTheBuiltInSampleAndItsEmbeddedStack() throws IOException {
        Path out = work.resolve("out");

        int exit = FazhiCli.run("demo", "--no-serve", "--data-dir", work.resolve("data").toString(), "--out", out.toString(),
                "--set", "embedded.kafka.port=0", "--set", "embedded.db.port=0", "--set", "db.password=demo-it-secret");

        assertThat(exit).isZero();
        JsonNode indicators = JSON.readTree(out.resolve("indicators.json").toFile());
        // 大张庄镇 2020: 调委会共立案调解纠纷139宗，成功调处139宗，调解成功率100%，其中卷宗68宗，口头协议71宗
        assertThat(numerator(indicators, "370323106000", "2020", "mediation.accepted")).isEqualTo("139");
        assertThat(numerator(indicators, "370323106000", "2020", "mediation.succeeded")).isEqualTo("139");
        assertThat(numerator(indicators, "370323106000", "2020", "mediation.written_agreements")).isEqualTo("68");
        assertThat(numerator(indicators, "370323106000", "2020", "mediation.oral_agreements")).isEqualTo("71");
        assertThat(numerator(indicators, "370323106000", "2020", "mediation.escalated_to_criminal")).isEqualTo("0");
        JsonNode rate = find(indicators, "370323106000", "2020", "mediation.success_rate");
        assertThat(rate.get("denominator").asText()).isEqualTo("139");
        assertThat(rate.get("value").asDouble()).isEqualTo(1.0);
        // 上仓镇 2023: 排查矛盾纠纷40件，成功调解40件; rolled up to 蓟州区 and 天津市
        assertThat(numerator(indicators, "120119109000", "2023", "mediation.succeeded")).isEqualTo("40");
        assertThat(numerator(indicators, "120119000000", "2023", "mediation.succeeded")).isEqualTo("40");
        assertThat(Files.readAllLines(out.resolve("rejected.jsonl"))).isEmpty();
        String report = Files.readString(out.resolve("reports").resolve("370323106000-2020.md"));
        assertThat(report).startsWith("# 大张庄镇2020年法治政府建设情况报告")
                .contains("调委会共受理调解纠纷139件，成功调解139件，调解成功率100%");
        assertThat(out.resolve("reports").resolve("120119109000-2023.md")).exists();
        assertThat(out.resolve("reports").resolve("120119109000-2023.docx")).isNotEmptyFile();
        assertThat(out.resolve("reports").resolve("120119109000-2023-chart.png")).isNotEmptyFile();
        assertThat(Files.readString(out.resolve("reports").resolve("120119000000-2023.md"))).startsWith("# 蓟州区2023年法治政府建设情况报告");
        Path accounts = work.resolve("data").resolve("accounts.txt");
        assertThat(Files.readString(accounts)).contains("admin ").contains("clerk-120119109000").contains("supervisor-120119000000");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(accounts))).isEqualTo("rw-------");
        // and its database has the password db.password gave it, the one the commands that find the demo use: the default is refused
        assertThatThrownBy(() -> EmbeddedDatabase.start(work.resolve("data").resolve("postgres"), 0).close())
                .hasMessageContaining("refused the password");
    }

    @Test
    void shouldReportEveryBadLineWithItsNumberAndLoseNoGoodOneWhenAFileMixesThem(Backends backends) throws IOException {
        String town = "1201111" + String.format("%05d", Math.abs(UUID.randomUUID().hashCode()) % 100000);
        String run = UUID.randomUUID().toString().substring(0, 8);
        Path events = work.resolve("mixed.jsonl");
        Files.write(events, List.of(
                mediation(town, run + "-1", "2021-03-02"),
                "{\"type\":\"MediationAccepted\",\"event_id\":\"" + run + "-x\",\"town_code\":\"" + town + "\"}",
                mediation(town, run + "-2", "2021-03-05"),
                conclusion(town, run + "-1", "2021-03-20", "SUCCESS"),
                "this line is not JSON",
                conclusion(town, run + "-2", "2021-03-22", "FAILED"),
                mediation(town, run + "-3", "2021-04-01").replace("NEIGHBOR", "GOSSIP"),
                mediation(town, run + "-4", "2021-04-09")), StandardCharsets.UTF_8);
        Path out = work.resolve("d");

        int exit = FazhiCli.run("demo", "--no-serve", "--events", events.toString(), "--out", out.toString(),
                "--data-dir", work.resolve("data").toString(),
                "--set", "kafka.bootstrap.servers=" + backends.bootstrapServers(),
                "--set", "db.url=" + backends.newDatabase(), "--set", "db.user=" + backends.dbUser(),
                "--set", "db.password=" + backends.dbPassword(),
                "--set", "streams.application.id=demo-it-" + run, "--set", "sink.group.id=demo-it-sink-" + run);

        assertThat(exit).isZero();
        List<JsonNode> rejected = Files.readAllLines(out.resolve("rejected.jsonl")).stream().map(DemoIT::parse).toList();
        assertThat(rejected).extracting(r -> r.get("line").asInt()).containsExactly(2, 5, 7);
        assertThat(rejected.get(0).get("reason").asText()).contains("mediation_id").contains("缺少必填字段");
        assertThat(rejected.get(1).get("reason").asText()).contains("not valid JSON");
        assertThat(rejected.get(2).get("errors").get(0).get("field").asText()).isEqualTo("dispute_type");
        assertThat(rejected.get(2).get("text").asText()).contains("GOSSIP");

        JsonNode indicators = JSON.readTree(out.resolve("indicators.json").toFile());
        assertThat(numerator(indicators, town, "2021", "mediation.accepted")).isEqualTo("3");
        assertThat(numerator(indicators, town, "2021-03", "mediation.succeeded")).isEqualTo("1");
        assertThat(numerator(indicators, town, "2021-03", "mediation.failed")).isEqualTo("1");
        assertThat(numerator(indicators, town, "2021-04", "mediation.pending")).isEqualTo("1");
        String arrivalMonth = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
        assertThat(numerator(indicators, town, arrivalMonth, "dq.rejected"))
                .as("the two bad lines whose town could be read count against it").isEqualTo("2");
    }

    static String mediation(String town, String id, String date) {
        return "{\"type\":\"MediationAccepted\",\"event_id\":\"" + id + "-a\",\"town_code\":\"" + town + "\",\"occurred_at\":\""
                + date + "\",\"mediation_id\":\"" + id + "\",\"dispute_type\":\"NEIGHBOR\"}";
    }

    static String conclusion(String town, String id, String date, String outcome) {
        String form = outcome.equals("SUCCESS") ? ",\"agreement_form\":\"ORAL\"" : "";
        return "{\"type\":\"MediationConcluded\",\"event_id\":\"" + id + "-c\",\"town_code\":\"" + town + "\",\"occurred_at\":\""
                + date + "\",\"mediation_id\":\"" + id + "\",\"outcome\":\"" + outcome + "\"" + form + "}";
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new AssertionError(line, e);
        }
    }

    private static JsonNode find(JsonNode indicators, String scope, String period, String indicator) {
        return StreamSupport.stream(indicators.spliterator(), false)
                .filter(s -> s.get("scope_code").asText().equals(scope) && s.get("period").asText().equals(period)
                        && s.get("indicator").asText().equals(indicator))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no snapshot " + scope + " " + period + " " + indicator));
    }

    private static String numerator(JsonNode indicators, String scope, String period, String indicator) {
        return find(indicators, scope, period, indicator).get("numerator").asText();
    }
}
