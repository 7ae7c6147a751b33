package cn.fazhi.pulse.producers.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.producers.DeadLetterNotStoredException;
import cn.fazhi.pulse.producers.DeadLetterPublisher;
import cn.fazhi.pulse.producers.EventPublisher;
import cn.fazhi.pulse.producers.TopicContents;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Ledgers in the three formats, imported to a real broker and read back. */
@ExtendWith(PipelineBackends.class)
class LedgerImportIT {
    @TempDir
    Path dir;

    @BeforeAll
    static void topics(Backends backends) throws Exception {
        TopicContents.createTopics(backends.bootstrapServers());
    }

    @Test
    void shouldPublishEveryGoodRowOnceAndReportEveryBadRowWhenImportingJsonLinesCsvAndExcel(Backends backends) throws Exception {
        String run = UUID.randomUUID().toString();
        List<Path> files = List.of(LedgerFiles.jsonLines(dir, run), LedgerFiles.csv(dir, run), LedgerFiles.xlsx(dir, run));
        List<RejectedLine> rejected = new ArrayList<>();

        ImportSummary summary = importTo(backends, files, rejected);

        List<SpecificRecord> published = TopicContents.events(backends.bootstrapServers()).stream()
                .filter(e -> Events.entityId(e).startsWith(run)).toList();
        int good = LedgerFiles.GOOD_JSONL + LedgerFiles.GOOD_CSV + LedgerFiles.GOOD_XLSX;
        assertThat(published).hasSize(good);
        assertThat(published).extracting(Events::eventId).doesNotHaveDuplicates();
        assertThat(published).extracting(e -> EventType.of(e).typeName() + " " + Events.entityId(e).substring(run.length()))
                .containsExactlyInAnyOrder("MediationAccepted -j1", "MediationAccepted -j3", "MediationConcluded -j3",
                        "MediationAccepted -c1", "MediationAccepted -c3", "MediationConcluded -c1",
                        "MediationAccepted -x1", "MediationAccepted -x2", "MediationConcluded -x1");
        assertThat(summary.accepted()).isEqualTo(good);
        assertThat(summary.rejected()).isEqualTo(6);
        assertThat(summary.skipped()).as("the title row above the Excel header").isEqualTo(1);

        assertThat(rejected).extracting(r -> r.file().getFileName() + "|" + r.sheet() + "|" + r.line())
                .containsExactly("mediations.jsonl||2", "mediations.jsonl||4", "台账.csv||3", "台账.csv||5",
                        "台账.xlsx|调解受理|5", "台账.xlsx|MediationConcluded|3");
        assertThat(fields(rejected)).containsExactly("mediation_id", "", "纠纷类型(dispute_type)", "受理日期(occurred_at)",
                "调解编号(mediation_id)", "协议形式(agreement_form)");
        assertThat(rejected.get(2).problems().get(0).reasonZh()).contains("吵架");
        assertThat(rejected.get(5).place()).isEqualTo("台账.xlsx 工作表 MediationConcluded 第 3 行 / sheet MediationConcluded row 3");
        assertThat(TopicContents.deadLetterKeys(backends.bootstrapServers()))
                .contains("mediations.jsonl:line 2", "台账.csv:row 5", "台账.xlsx:sheet 调解受理 row 5");
    }

    @Test
    void shouldPublishTheSameEventIdsWhenTheSameLedgerIsImportedTwice(Backends backends) throws Exception {
        String run = UUID.randomUUID().toString();
        Path csv = LedgerFiles.csv(dir, run);

        importTo(backends, List.of(csv), new ArrayList<>());
        importTo(backends, List.of(csv), new ArrayList<>());

        List<SpecificRecord> published = TopicContents.events(backends.bootstrapServers()).stream()
                .filter(e -> Events.entityId(e).startsWith(run)).toList();
        assertThat(published).hasSize(2 * LedgerFiles.GOOD_CSV);
        assertThat(published.stream().map(Events::eventId).distinct()).hasSize(LedgerFiles.GOOD_CSV);
    }

    @Test
    void shouldFailTheImportNamingTheRowWhenTheBrokerDoesNotStoreARefusedRowsDeadLetter(Backends backends) throws Exception {
        // Given a ledger whose refused row is larger than the broker stores (its default largest
        // message is 1 MiB), and clients that may send it
        String run = UUID.randomUUID().toString();
        Path ledger = Files.write(dir.resolve("oversized.jsonl"), List.of(
                "{\"type\":\"MediationAccepted\",\"event_id\":\"" + run + "-o1\",\"town_code\":\"120111101000\",\"occurred_at\":\"2024-01-06\",\"mediation_id\":\"" + run + "-o1\",\"dispute_type\":\"NEIGHBOR\"}",
                "{\"type\":\"MediationAccepted\",\"town_code\":\"120111101000\",\"note\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}"),
                StandardCharsets.UTF_8);
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers(), "max.request.size", 8 * 1024 * 1024);

        // When / Then
        try (EventPublisher events = new EventPublisher(kafka); DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka)) {
            LedgerImport ledgerImport = new LedgerImport(ImportTarget.kafka(events, deadLetters), new EventJsonCodec());
            assertThatThrownBy(() -> ledgerImport.run(List.of(ledger), r -> {}, (done, total) -> {}))
                    .isInstanceOfSatisfying(DeadLetterNotStoredException.class, e -> assertThat(e.retriable()).isFalse())
                    .hasMessageContaining("oversized.jsonl").hasMessageContaining("line 2");
        }
    }

    private static ImportSummary importTo(Backends backends, List<Path> files, List<RejectedLine> rejected) {
        Map<String, Object> kafka = Map.of("bootstrap.servers", backends.bootstrapServers());
        try (EventPublisher events = new EventPublisher(kafka); DeadLetterPublisher deadLetters = new DeadLetterPublisher(kafka)) {
            return new LedgerImport(ImportTarget.kafka(events, deadLetters), new EventJsonCodec()).run(files, rejected::add, (done, total) -> {});
        }
    }

    private static List<String> fields(List<RejectedLine> rejected) {
        return rejected.stream().map(r -> r.problems().get(0).column()).toList();
    }
}
