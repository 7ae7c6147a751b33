package cn.fazhi.pulse.producers.submission;

import cn.fazhi.pulse.producers.PublishException;
import cn.fazhi.pulse.producers.ingest.EntityLedgers;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.producers.ingest.LedgerImport;
import cn.fazhi.pulse.producers.ingest.RejectedLine;
import cn.fazhi.pulse.producers.ledger.EntityLedgerOptions;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;

/**
 * Submitting entity ledgers, in three steps with I/O only at the edges, for the command line
 * and a web upload alike:
 *
 * <pre>{@code
 * LedgerSubmissionService service = new LedgerSubmissionService(kept, Clock.systemUTC());
 * CheckedLedgers checked = service.check(List.of(upload), new EntityLedgerOptions(Optional.empty(), Optional.of(clerksTown)));
 * SubmissionPlan plan = service.plan(checked.ledgers(), sync);    // checked.rejected(): every bad row; plan: 新增/修改/删除/不变
 * long number = service.publish(plan, ImportTarget.kafka(events, deadLetters), sync);  // once the clerk confirms
 * }</pre>
 *
 * <p>{@link #check} reads and checks only; {@link #plan} compares with what {@code kept} holds
 * and decides the events; {@link #publish} sends them and, once Kafka has stored every one,
 * records the submission, so that a failed publication is simply submitted again.
 */
public final class LedgerSubmissionService {
    private final SubmittedLedgers kept;
    private final Clock clock;
    private final LedgerSubmission submission = new LedgerSubmission();

    public LedgerSubmissionService(SubmittedLedgers kept, Clock clock) {
        this.kept = kept;
        this.clock = clock;
    }

    /** A check's outcome: the rows (counts per file), every refused row, and the entity ledgers read. */
    public record CheckedLedgers(ImportSummary rows, List<RejectedLine> rejected, EntityLedgers ledgers) {}

    /** Reads and checks the files; publishes nothing, not even the dead letters of bad rows. */
    public CheckedLedgers check(List<Path> files, EntityLedgerOptions options) {
        List<RejectedLine> rejected = new ArrayList<>();
        LedgerImport reading = new LedgerImport(ImportTarget.dryRun(), new EventJsonCodec(clock), options);
        ImportSummary rows = reading.run(files, rejected::add, (done, total) -> {});
        return new CheckedLedgers(rows, List.copyOf(rejected), reading.entityLedgers());
    }

    /** The difference from earlier submissions and the events that close it. */
    public SubmissionPlan plan(EntityLedgers ledgers, boolean sync) {
        return submission.plan(ledgers.entities(), ledgers.refused(), kept.load(ledgers.towns(), ledgers.kinds()), sync, clock.instant());
    }

    /**
     * Publishes the plan's events and records the submission once all of them are stored.
     *
     * @return the submission's number (0 when nothing changed and nothing was recorded)
     * @throws PublishException when Kafka did not store every event: nothing is recorded, submit again
     */
    public long publish(SubmissionPlan plan, ImportTarget target, boolean sync) {
        if (plan.toSave().isEmpty()) {
            return 0;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (SpecificRecord event : plan.events()) {
            target.publish(event, error -> failure.compareAndSet(null, error));
        }
        target.flush();
        if (failure.get() != null) {
            throw new PublishException("台账的事件未能全部写入 Kafka，未记录本次上报；请重新上报 / some events of the ledger were not stored, "
                    + "so this submission is not recorded: submit it again: " + failure.get().getMessage(), failure.get());
        }
        return kept.save(plan.toSave(), plan, sync);
    }
}
