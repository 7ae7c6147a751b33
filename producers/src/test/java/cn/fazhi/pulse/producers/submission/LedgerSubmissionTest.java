package cn.fazhi.pulse.producers.submission;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.EventRetracted;
import cn.fazhi.pulse.events.MediationAccepted;
import cn.fazhi.pulse.events.DisputeType;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.producers.ingest.LedgerImport;
import cn.fazhi.pulse.producers.ledger.EntityLedgerOptions;
import cn.fazhi.pulse.producers.ledger.LedgerEntity;
import cn.fazhi.pulse.producers.ledger.StableEventIds;
import cn.fazhi.pulse.schemas.EntityKind;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a re-submitted mediation ledger publishes, given what earlier submissions said. */
class LedgerSubmissionTest {
    private static final String HEADER = "调解编号,区划代码,受理日期,纠纷类型,调解结果,结案日期,协议形式\n";
    private static final String TOWN = "120111101000";
    private static final Instant NOW = Instant.parse("2025-01-10T02:00:00Z");

    @TempDir
    Path dir;

    private final LedgerSubmission submission = new LedgerSubmission();
    /** What the database would keep. */
    private final Map<EntityKey, SubmittedEntity> kept = new HashMap<>();
    private int files;

    @Test
    void shouldPublishEveryStepWithItsStableIdWhenTheLedgerIsSubmittedTheFirstTime() throws Exception {
        SubmissionPlan plan = submit(false, "m-1,120111101000,2024/3/5,邻里,调解成功,2024/3/16,书面协议", "m-2,120111101000,2024/4/1,合同,,,");

        assertThat(plan.count(EntityChange.Change.ADDED)).isEqualTo(2);
        assertThat(plan.events()).extracting(Events::eventId).containsExactly(
                StableEventIds.eventId(TOWN, EntityKind.MEDIATION, "m-1", "accepted", 1),
                StableEventIds.eventId(TOWN, EntityKind.MEDIATION, "m-1", "concluded", 1),
                StableEventIds.eventId(TOWN, EntityKind.MEDIATION, "m-2", "accepted", 1));
    }

    @Test
    void shouldPublishNothingWhenTheSameLedgerIsSubmittedAgain() throws Exception {
        submit(false, "m-1,120111101000,2024/3/5,邻里,调解成功,2024/3/16,书面协议");

        SubmissionPlan again = submit(false, "m-1,120111101000,2024/3/5,邻里,调解成功,2024/3/16,书面协议");

        assertThat(again.events()).isEmpty();
        assertThat(again.summary()).startsWith("新增 0、修改 0、删除 0、不变 1");
    }

    @Test
    void shouldSendACorrectionUnderTheSameIdWhenADisputeTypeIsEdited() throws Exception {
        SubmissionPlan first = submit(false, "m-1,120111101000,2024/3/5,邻里,,,");

        SubmissionPlan edited = submit(false, "m-1,120111101000,2024/3/5,合同,,,");

        assertThat(edited.events()).singleElement().satisfies(e -> {
            assertThat(((MediationAccepted) e).getDisputeType()).isEqualTo(DisputeType.CONTRACT);
            assertThat(Events.eventId(e)).isEqualTo(Events.eventId(first.events().get(0)));
        });
        assertThat(edited.changes()).singleElement().satisfies(c -> {
            assertThat(c.change()).isEqualTo(EntityChange.Change.CHANGED);
            assertThat(c.details()).singleElement().asString().contains("受理", "dispute_type NEIGHBOR → CONTRACT");
        });
    }

    @Test
    void shouldRetractTheConclusionWhenItsDateIsCleared() throws Exception {
        SubmissionPlan first = submit(false, "m-1,120111101000,2024/3/5,邻里,调解成功,2024/3/16,书面协议");

        SubmissionPlan cleared = submit(false, "m-1,120111101000,2024/3/5,邻里,调解成功,,书面协议");

        assertThat(cleared.events()).singleElement().isInstanceOfSatisfying(EventRetracted.class,
                r -> assertThat(r.getRetractedEventId()).isEqualTo(Events.eventId(first.events().get(1))));
    }

    @Test
    void shouldUseTheIdsNextGenerationWhenAClearedStepIsWrittenAgain() throws Exception {
        submit(false, "m-1,120111101000,2024/3/5,邻里,调解成功,2024/3/16,书面协议");
        submit(false, "m-1,120111101000,2024/3/5,邻里,,,");

        SubmissionPlan again = submit(false, "m-1,120111101000,2024/3/5,邻里,调解成功,2024/3/20,书面协议");

        assertThat(again.events()).extracting(Events::eventId)
                .containsExactly(StableEventIds.eventId(TOWN, EntityKind.MEDIATION, "m-1", "concluded", 2));
    }

    @Test
    void shouldWithdrawAndRenewTheIdWhenAStepIsEditedBackToAVersionThePipelineReplaced() throws Exception {
        submit(false, "m-1,120111101000,2024/3/5,邻里,,,");
        submit(false, "m-1,120111101000,2024/3/5,合同,,,");

        SubmissionPlan back = submit(false, "m-1,120111101000,2024/3/5,邻里,,,");

        assertThat(back.events()).hasSize(2);
        assertThat(back.events().get(0)).isInstanceOf(EventRetracted.class);
        assertThat(Events.eventId(back.events().get(1))).isEqualTo(StableEventIds.eventId(TOWN, EntityKind.MEDIATION, "m-1", "accepted", 2));
    }

    @Test
    void shouldKeepARowMissingFromTheLedgerWhenNotSyncing() throws Exception {
        submit(false, "m-1,120111101000,2024/3/5,邻里,,,", "m-2,120111101000,2024/4/1,合同,,,");

        SubmissionPlan plan = submit(false, "m-1,120111101000,2024/3/5,邻里,,,");

        assertThat(plan.events()).isEmpty();
        assertThat(plan.count(EntityChange.Change.NOT_LISTED)).isEqualTo(1);
    }

    @Test
    void shouldWithdrawEveryStepOfAMissingRowOfTheCoveredYearsOnlyWhenSyncing() throws Exception {
        submit(false, "m-1,120111101000,2024/3/5,邻里,,,", "m-2,120111101000,2024/4/1,合同,调解成功,2024/4/9,口头协议",
                "m-3,120111101000,2023/4/1,合同,,,");

        SubmissionPlan plan = submit(true, "m-1,120111101000,2024/3/5,邻里,,,");

        assertThat(plan.changes()).filteredOn(c -> c.change() == EntityChange.Change.DELETED).extracting(c -> c.key().entityId())
                .containsExactly("m-2");
        assertThat(plan.events()).hasSize(2).allSatisfy(e -> assertThat(e).isInstanceOf(EventRetracted.class));
    }

    @Test
    void shouldPublishEveryStepUnderNewIdsWhenARowDeletedBySyncComesBack() throws Exception {
        submit(false, "m-1,120111101000,2024/3/5,邻里,,,", "m-2,120111101000,2024/4/1,合同,,,");
        submit(true, "m-1,120111101000,2024/3/5,邻里,,,");

        SubmissionPlan back = submit(true, "m-1,120111101000,2024/3/5,邻里,,,", "m-2,120111101000,2024/4/1,合同,,,");

        assertThat(back.changes()).filteredOn(c -> c.key().entityId().equals("m-2")).singleElement()
                .satisfies(c -> assertThat(c.change()).isEqualTo(EntityChange.Change.ADDED));
        assertThat(back.events()).extracting(Events::eventId)
                .containsExactly(StableEventIds.eventId(TOWN, EntityKind.MEDIATION, "m-2", "accepted", 2));
    }

    @Test
    void shouldNeverWithdrawAnEntityWhoseRowIsRefusedWhenSyncing() throws Exception {
        submit(false, "m-1,120111101000,2024/3/5,邻里,,,", "m-2,120111101000,2024/4/1,合同,,,");

        SubmissionPlan plan = submit(true, "m-1,120111101000,2024/3/5,邻里,,,", "m-2,120111101000,2024/4/1,吵架,,,");

        assertThat(plan.events()).isEmpty();
        assertThat(plan.count(EntityChange.Change.DELETED)).isZero();
    }

    /** Reads the rows as a mediation ledger, plans against what is kept, and keeps what the plan says. */
    private SubmissionPlan submit(boolean sync, String... rows) throws Exception {
        Path file = Files.writeString(dir.resolve("调解台账-" + files++ + ".csv"), HEADER + String.join("\n", rows) + "\n", StandardCharsets.UTF_8);
        LedgerImport read = new LedgerImport(ImportTarget.dryRun(), new EventJsonCodec(), EntityLedgerOptions.NONE);
        read.run(List.of(file), r -> {}, (d, t) -> {});
        List<LedgerEntity> entities = read.entityLedgers().entities();
        Set<EntityKey> refused = read.entityLedgers().refused();
        SubmissionPlan plan = submission.plan(entities, refused, Map.copyOf(kept), sync, NOW);
        plan.toSave().forEach(e -> kept.put(e.key(), e));
        return plan;
    }

}
