package cn.fazhi.pulse.producers.ingest;

import cn.fazhi.pulse.producers.DeadLetterNotStoredException;
import cn.fazhi.pulse.producers.PublishException;
import cn.fazhi.pulse.producers.ledger.EntityLedgerOptions;
import cn.fazhi.pulse.producers.ledger.EntityLedgerRow;
import cn.fazhi.pulse.producers.ledger.LedgerColumns;
import cn.fazhi.pulse.producers.ledger.LedgerListener;
import cn.fazhi.pulse.producers.ledger.LedgerReader;
import cn.fazhi.pulse.producers.ledger.LedgerRow;
import cn.fazhi.pulse.schemas.DeadLetter;
import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Imports ledger files (JSON Lines, CSV, Excel .xlsx): good rows of events are published as they
 * are read; each bad row is reported (file, sheet, row, column, the cell, reason) to the caller
 * and put on the dead-letter topic. Rows of entity ledgers (one row per mediation, petition or
 * case) are only read and checked here, into {@link #entityLedgers()}: what they publish depends on
 * what earlier submissions said ({@link cn.fazhi.pulse.producers.submission.LedgerSubmission}).
 * Nothing stops the import but an unreadable file or a broker that cannot store what it is sent,
 * an event or a refused row's dead letter alike: either would leave a figure wrong unsaid.
 */
public final class LedgerImport {
    private static final Pattern JSON_TOWN_CODE = Pattern.compile("\"town_code\"\\s*:\\s*\"(\\d{12})\"");
    private static final Pattern ANY_TOWN_CODE = Pattern.compile("(?<!\\d)(\\d{12})(?!\\d)");
    private static final int PROGRESS_EVERY_ROWS = 1000;

    /** Progress in bytes read of all files, for a progress bar. */
    public interface Progress {
        void advanced(long bytesDone, long bytesTotal);
    }

    private final ImportTarget target;
    private final EventJsonCodec codec;
    private final EntityLedgerOptions options;
    private final EntityLedgers entityLedgers = new EntityLedgers();

    public LedgerImport(ImportTarget target, EventJsonCodec codec) {
        this(target, codec, EntityLedgerOptions.NONE);
    }

    public LedgerImport(ImportTarget target, EventJsonCodec codec, EntityLedgerOptions options) {
        this.target = target;
        this.codec = codec;
        this.options = options;
    }

    /** The entity ledgers read by {@link #run}, to be compared and published by a submission. */
    public EntityLedgers entityLedgers() {
        return entityLedgers;
    }

    /**
     * @return per file: rows published (events) or read (entities), rejected, skipped
     * @throws PublishException if the broker did not store some of the good rows, or a
     *     {@link DeadLetterNotStoredException} if it did not store a refused row's dead letter
     */
    public ImportSummary run(List<Path> files, Consumer<RejectedLine> rejectedRows, Progress progress) {
        long total = files.stream().mapToLong(LedgerImport::size).sum();
        long[] before = {0};
        long[] totals = new long[3];
        AtomicReference<Throwable> sendFailure = new AtomicReference<>();
        Map<String, long[]> perFile = new LinkedHashMap<>();
        Map<String, Long> seenEntities = new HashMap<>();
        for (Path file : files) {
            long[] counts = perFile.computeIfAbsent(file.toString(), f -> new long[3]);
            long[] rows = {0};
            LedgerListener listener = new LedgerListener() {
                @Override
                public void row(LedgerRow row) {
                    count(handle(row, rejectedRows, sendFailure), row.bytesRead());
                }

                @Override
                public void entityRow(EntityLedgerRow row) {
                    entityLedgers.add(row);
                    if (row.skipped() != null) {
                        count(2, row.bytesRead());
                    } else if (row.entity() != null) {
                        count(0, row.bytesRead());
                    } else {
                        String town = row.refusedEntity() == null ? null : row.refusedEntity().substring(0, row.refusedEntity().indexOf('|'));
                        // the row stands for its entity: any later valid event of the entity is its fix
                        RejectionSubject subject = row.refusedEntity() != null
                                ? RejectionSubject.ofEntity(row.refusedEntity()) : RejectionSubject.ofContent(town, row.text());
                        reject(row.file(), row.sheet(), row.row(), row.place(), row.text(), row.problems(), true, town, subject,
                                rejectedRows, sendFailure);
                        count(1, row.bytesRead());
                    }
                }

                @Override
                public void columns(LedgerColumns columns) {
                    entityLedgers.add(columns);
                }

                private void count(int outcome, long bytesRead) {
                    counts[outcome]++;
                    totals[outcome]++;
                    if (++rows[0] % PROGRESS_EVERY_ROWS == 0) {
                        progress.advanced(before[0] + bytesRead, total);
                    }
                }
            };
            LedgerReader.forFile(file, codec, options, seenEntities, listener).read(file);
            before[0] += size(file);
            progress.advanced(before[0], total);
        }
        target.flush();
        if (sendFailure.get() instanceof DeadLetterNotStoredException notStored) {
            throw notStored;
        }
        if (sendFailure.get() != null) {
            throw new PublishException("有事件未能写入 Kafka / some events were not stored: " + sendFailure.get().getMessage(), sendFailure.get());
        }
        return new ImportSummary(totals[0], totals[1], totals[2], perFile);
    }

    /** @return 0 published, 1 rejected, 2 skipped */
    private int handle(LedgerRow row, Consumer<RejectedLine> rejectedRows, AtomicReference<Throwable> sendFailure) {
        if (row.skipped()) {
            return 2;
        }
        if (sendFailure.get() != null) {
            // the broker refused or never answered: every further row would wait out its own timeout
            throw new PublishException("导入在 " + row.place() + " 处停止，有数据未能写入 Kafka / import stopped at " + row.place()
                    + ", a record was not stored: " + sendFailure.get().getMessage(), sendFailure.get());
        }
        if (row.result() instanceof DecodedEvent.Accepted ok) {
            target.publish(ok.event(), error -> sendFailure.compareAndSet(null, error));
            return 0;
        }
        boolean table = isTable(row.file());
        String town = townCode(row.text());
        // the event the row would have been, where its cells say which (a JSON line by its event_id), else its text
        RejectionSubject subject = row.result() instanceof DecodedEvent.Rejected refused && refused.subject() != null ? refused.subject()
                : table ? RejectionSubject.ofContent(town, row.text()) : RejectionSubject.ofJson(row.text(), town);
        reject(row.file(), row.sheet(), row.row(), row.place(), row.text(), row.problems(), table, town, subject, rejectedRows, sendFailure);
        return 1;
    }

    private void reject(Path file, String sheet, long number, String place, String text, List<cn.fazhi.pulse.producers.ledger.LedgerProblem> problems,
                        boolean table, String knownTown, RejectionSubject subject, Consumer<RejectedLine> rejectedRows,
                        AtomicReference<Throwable> sendFailure) {
        String position = (sheet.isEmpty() ? "" : "sheet " + sheet + " ") + (table ? "row " : "line ") + number;
        RejectedLine rejected = new RejectedLine(file, sheet, number, place, text, problems);
        // the town the row was read for (an entity ledger's --town), else whatever 12 digits its text shows
        DeadLetter deadLetter = new DeadLetter(DeadLetter.Stage.IMPORT, file.getFileName().toString(), position,
                knownTown != null ? knownTown : townCode(text), rejected.reason(), subject);
        target.deadLetter(deadLetter, text, error -> sendFailure.compareAndSet(null, error));
        rejectedRows.accept(rejected);
    }

    private static boolean isTable(Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        return name.endsWith(".csv") || name.endsWith(".xlsx");
    }

    private static String townCode(String text) {
        Matcher json = JSON_TOWN_CODE.matcher(text);
        if (json.find()) {
            return json.group(1);
        }
        Matcher any = ANY_TOWN_CODE.matcher(text);
        return any.find() ? any.group(1) : null;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
