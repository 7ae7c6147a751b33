package cn.fazhi.pulse.producers.submission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.producers.PublishException;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.producers.ledger.EntityLedgerOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Check, plan, publish: what a web upload calls, with the store and the target as the edges. */
class LedgerSubmissionServiceTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-10T02:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private final Map<EntityKey, SubmittedEntity> kept = new HashMap<>();
    private final SubmittedLedgers store = new SubmittedLedgers() {
        @Override
        public Map<EntityKey, SubmittedEntity> load(Set<String> townCodes, Set<String> kinds) {
            return Map.copyOf(kept);
        }

        @Override
        public long save(Collection<SubmittedEntity> entities, SubmissionPlan plan, boolean sync) {
            entities.forEach(e -> kept.put(e.key(), e));
            return 7;
        }
    };
    private final LedgerSubmissionService service = new LedgerSubmissionService(store, CLOCK);

    @Test
    void shouldRecordTheSubmissionWhenEveryEventIsStored() throws Exception {
        var checked = service.check(List.of(ledger()), new EntityLedgerOptions(Optional.empty(), Optional.of("120111101000")));
        SubmissionPlan plan = service.plan(checked.ledgers(), false);
        List<SpecificRecord> sent = new ArrayList<>();

        long number = service.publish(plan, target(sent, null), false);

        assertThat(checked.rejected()).singleElement().satisfies(r -> assertThat(r.problems().get(0).cell()).isEqualTo("吵架"));
        assertThat(sent).hasSize(2);
        assertThat(number).isEqualTo(7);
        assertThat(kept).hasSize(1);
    }

    @Test
    void shouldRecordNothingWhenKafkaDoesNotStoreAnEvent() throws Exception {
        var checked = service.check(List.of(ledger()), new EntityLedgerOptions(Optional.empty(), Optional.of("120111101000")));
        SubmissionPlan plan = service.plan(checked.ledgers(), false);

        assertThatThrownBy(() -> service.publish(plan, target(new ArrayList<>(), new IllegalStateException("broker gone")), false))
                .isInstanceOf(PublishException.class).hasMessageContaining("submit it again");
        assertThat(kept).isEmpty();
    }

    private Path ledger() throws Exception {
        return Files.writeString(dir.resolve("调解台账.csv"), "调解编号,当事人,受理日期,纠纷类型,调解结果,结案日期,协议形式\n"
                + "m-1,某甲,2024/3/5,邻里,调解成功,2024/3/16,口头协议\n" + "m-2,某乙,2024/3/6,吵架,,,\n", StandardCharsets.UTF_8);
    }

    /** Where events go: a list; {@code failure} tells every send it was not stored. */
    private static ImportTarget target(List<SpecificRecord> sent, Throwable failure) {
        return new ImportTarget() {
            @Override
            public void publish(SpecificRecord event, Consumer<Throwable> failed) {
                sent.add(event);
                if (failure != null) {
                    failed.accept(failure);
                }
            }

            @Override
            public void deadLetter(DeadLetter deadLetter, String text, Consumer<Throwable> failed) {}

            @Override
            public void flush() {}
        };
    }
}
