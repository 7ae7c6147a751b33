package cn.fazhi.pulse.web.ledger;

import cn.fazhi.pulse.producers.ingest.EntityLedgers;
import cn.fazhi.pulse.producers.ingest.ImportSummary;
import cn.fazhi.pulse.producers.ingest.ImportTarget;
import cn.fazhi.pulse.producers.ingest.LedgerImport;
import cn.fazhi.pulse.producers.ingest.RejectedLine;
import cn.fazhi.pulse.producers.ledger.EntityLedgerKind;
import cn.fazhi.pulse.producers.ledger.EntityLedgerOptions;
import cn.fazhi.pulse.producers.ledger.LedgerColumns;
import cn.fazhi.pulse.producers.ledger.LedgerFormatException;
import cn.fazhi.pulse.producers.ledger.LedgerProblem;
import cn.fazhi.pulse.producers.ledger.LedgerTemplate;
import cn.fazhi.pulse.producers.submission.EntityChange;
import cn.fazhi.pulse.producers.submission.LedgerSubmissionService;
import cn.fazhi.pulse.producers.submission.SubmissionPlan;
import cn.fazhi.pulse.producers.submission.SubmittedLedgers;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.web.WebException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Entity ledgers uploaded over HTTP, plain Java: the files are written to a private temporary
 * directory, read and checked by the same code as {@code ./fazhi import}, compared with earlier
 * submissions and, when the clerk confirms, published. A confirmation reads and plans again: it
 * never trusts what an earlier dry run showed, since another submission may have come between.
 */
public final class LedgerUploads {
    /** At most this many rows of each kind of change, and of bad rows, in an answer; the counts are always complete. */
    static final int ROWS_SHOWN = 1000;

    private final SubmittedLedgers kept;
    private final Targets targets;
    private final Clock clock;

    /** Where a submission is published: Kafka, its events carrying the submitter's {@code fazhi.submitter} header. */
    public interface Targets {
        ImportTarget submittedBy(String submitterHeader);
    }

    public LedgerUploads(SubmittedLedgers kept, Targets targets, Clock clock) {
        this.kept = kept;
        this.targets = targets;
        this.clock = clock;
    }

    /**
     * What a submission did, for the answer and the audit trail.
     *
     * @param submission its number, 0 for a dry run
     * @param published the events published (none for a dry run)
     * @param rejected the rows refused and put on the dead-letter topic (none for a dry run)
     */
    public record Submitted(Map<String, Object> answer, long submission, List<SpecificRecord> published, List<RejectedLine> rejected) {}

    /** One uploaded file: the name the browser gave it (only its extension and last segment are used) and its content. */
    public record Upload(String fileName, InputStream content) {}

    /**
     * What the uploader asks for.
     *
     * @param town the town rows without a 区划代码 belong to, and the only one a row may name: the clerk's own;
     *             an admin's {@code town} field, if any
     */
    public record Request(Optional<EntityLedgerKind> kind, Optional<String> town, boolean dryRun, boolean sync) {}

    /** Checks the towns the ledger names against the caller's scope before anything is published (the access rule). */
    public interface TownCheck {
        void require(Set<String> towns);
    }

    /**
     * The upload, checked, compared and (unless a dry run) published, its events with the
     * {@code submitterHeader}: the JSON answer and what was published and refused.
     */
    public Submitted submit(List<Upload> uploads, Request request, TownCheck towns, String submitterHeader) {
        if (uploads.isEmpty()) {
            throw new WebException.BadRequest("请选择要上报的台账文件（.xlsx 或 .csv，表单字段 file）",
                    "choose a ledger file to submit (.xlsx or .csv, form field file)");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fazhi-ledger-");
            List<Path> files = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>();
            for (Upload upload : uploads) {
                String name = safeName(upload.fileName());
                if (!names.add(name)) {
                    throw new WebException.BadRequest("同名文件上传了两次：" + name, "the same file name was uploaded twice: " + name);
                }
                Path file = dir.resolve(name);
                try (InputStream in = upload.content()) {
                    Files.copy(in, file);
                }
                files.add(file);
            }
            EntityLedgerOptions options = new EntityLedgerOptions(request.kind(), request.town());
            LedgerSubmissionService service = new LedgerSubmissionService(kept, clock);
            LedgerSubmissionService.CheckedLedgers checked = service.check(files, options);
            requireEntityLedgers(files, checked);
            towns.require(entityTowns(checked.ledgers()));
            if (request.dryRun()) {
                SubmissionPlan plan = service.plan(checked.ledgers(), request.sync());
                return new Submitted(answer(checked.rows(), checked.rejected(), checked.ledgers(), plan, true, request.sync(), null),
                        0, List.of(), List.of());
            }
            // Confirmed: read again with the real target (refused rows go to the dead-letter topic, as on the
            // command line, so that the data-quality figures count them), and plan again from what is kept now.
            ImportTarget target = targets.submittedBy(submitterHeader);
            List<RejectedLine> rejected = new ArrayList<>();
            LedgerImport reading = new LedgerImport(target, new EventJsonCodec(clock), options);
            ImportSummary rows = reading.run(files, rejected::add, (done, total) -> {});
            EntityLedgers ledgers = reading.entityLedgers();
            towns.require(entityTowns(ledgers));
            SubmissionPlan plan = service.plan(ledgers, request.sync());
            long number = service.publish(plan, target, request.sync());
            Map<String, Object> receipt = new LinkedHashMap<>();
            receipt.put("submission", number);
            receipt.put("published_events", plan.events().size());
            receipt.put("rejected_rows", rejected.size());
            receipt.putAll(counts(plan));
            receipt.put("summary", plan.summary());
            return new Submitted(answer(rows, rejected, ledgers, plan, false, request.sync(), receipt), number, plan.events(), rejected);
        } catch (LedgerFormatException e) {
            // A file that cannot be read at all (not a workbook, an unreadable CSV): the uploader's to fix, named without the temporary directory.
            String message = e.getMessage().replace(dir + java.io.File.separator, "");
            int split = message.indexOf(" / ");
            throw new WebException.BadRequest(split < 0 ? message : message.substring(0, split), split < 0 ? message : message.substring(split + 3));
        } catch (IOException e) {
            throw new UncheckedIOException("could not keep the uploaded ledger in a temporary file", e);
        } finally {
            delete(dir);
        }
    }

    /**
     * The towns of the rows read: what the access rule judges. A row the reader refused (a clerk's
     * row naming another town among them) publishes nothing and is answered as a bad row instead.
     */
    private static Set<String> entityTowns(EntityLedgers ledgers) {
        Set<String> towns = new LinkedHashSet<>();
        ledgers.entities().forEach(e -> towns.add(e.townCode()));
        return towns;
    }

    /** The template of a kind as the command line writes it: its file name and bytes. */
    public static Template template(String kindName) {
        EntityLedgerKind kind = EntityLedgerKind.byName(kindName).orElseThrow(() -> new WebException.NotFound(
                "没有这种台账：" + kindName + "（可用 mediation、petition、case）", "no such kind of ledger: " + kindName + " (use mediation, petition or case)"));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("fazhi-template-");
            Path file = dir.resolve("template.xlsx");
            LedgerTemplate.writeEntityLedger(kind, file);
            return new Template(LedgerTemplate.entityLedgerFileName(kind), Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir);
        }
    }

    public record Template(String fileName, byte[] content) {}

    /** Only entity ledgers in the browser: a one-row-per-event file has its own path ({@code ./fazhi import}, {@code POST /api/events}). */
    private static void requireEntityLedgers(List<Path> files, LedgerSubmissionService.CheckedLedgers checked) {
        Set<Path> ledgers = new LinkedHashSet<>();
        checked.ledgers().columns().forEach(c -> ledgers.add(c.file()));
        for (Path file : files) {
            if (!ledgers.contains(file)) {
                throw new WebException.BadRequest(file.getFileName() + " 不是可识别的实体台账（人民调解台账、信访台账或案件台账）：请用模板的表头，或指定台账种类 kind；"
                        + "逐条事件的文件请用 ./fazhi import",
                        file.getFileName() + " is not a recognisable entity ledger (mediation, petition or case ledger): use the template's headers "
                        + "or name its kind; files of one event per row go through ./fazhi import");
            }
        }
    }

    private static Map<String, Object> answer(ImportSummary rows, List<RejectedLine> rejected, EntityLedgers ledgers, SubmissionPlan plan,
                                              boolean dryRun, boolean sync, Map<String, Object> receipt) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("dry_run", dryRun);
        answer.put("sync", sync);
        List<Map<String, Object>> files = new ArrayList<>();
        for (LedgerColumns c : ledgers.columns()) {
            Map<String, Object> file = new LinkedHashMap<>();
            file.put("file", c.file().getFileName().toString());
            file.put("sheet", c.sheet());
            file.put("kind", c.kind().entityKind().keySegment());
            file.put("kind_zh", c.kind().title());
            file.put("read", c.read());
            file.put("ignored", c.ignored());
            file.put("ignored_personal_data", c.personalData());
            files.add(file);
        }
        answer.put("files", files);
        answer.put("towns", ledgers.towns());
        answer.put("rows", Map.of("accepted", rows.accepted(), "rejected", rows.rejected(), "skipped", rows.skipped()));
        List<Map<String, Object>> bad = new ArrayList<>();
        for (RejectedLine line : rejected) {
            for (LedgerProblem problem : line.problems()) {
                if (bad.size() >= ROWS_SHOWN) {
                    break;
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("file", line.file() == null ? "" : line.file().getFileName().toString());
                row.put("sheet", line.sheet());
                row.put("row", problem.row() > 0 ? problem.row() : line.line());
                row.put("column", problem.column());
                row.put("reason_zh", problem.reasonZh());
                row.put("reason_en", problem.reasonEn());
                row.put("cell", problem.cell());
                bad.add(row);
            }
        }
        answer.put("rejected_total", rejected.size());
        answer.put("rejected", bad);
        Map<String, Object> difference = new LinkedHashMap<>(counts(plan));
        difference.put("summary", plan.summary());
        difference.put("events", plan.events().size());
        List<Map<String, Object>> changes = new ArrayList<>();
        Map<EntityChange.Change, Integer> shown = new LinkedHashMap<>();
        plan.changes().stream().sorted(Comparator.comparing(EntityChange::change)).forEach(c -> {
            if (shown.merge(c.change(), 1, Integer::sum) <= ROWS_SHOWN) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("change", c.change().en());
                row.put("change_zh", c.change().zh());
                row.put("town", c.key().townCode());
                row.put("kind", c.key().kind());
                row.put("entity_id", c.key().entityId());
                row.put("place", c.place());
                row.put("details", c.details());
                changes.add(row);
            }
        });
        difference.put("rows", changes);
        answer.put("difference", difference);
        if (receipt != null) {
            answer.put("receipt", receipt);
        }
        return answer;
    }

    private static Map<String, Object> counts(SubmissionPlan plan) {
        Map<String, Object> counts = new LinkedHashMap<>();
        plan.counts().forEach((change, n) -> counts.put(change.name().toLowerCase(Locale.ROOT), n));
        return counts;
    }

    /** The last segment of what the browser sent, in safe characters; .xlsx or .csv only. */
    static String safeName(String fileName) {
        String name = fileName == null ? "" : fileName.replace('\\', '/');
        name = name.substring(name.lastIndexOf('/') + 1).strip();
        String lower = name.toLowerCase(Locale.ROOT);
        if (!(lower.endsWith(".xlsx") || lower.endsWith(".csv"))) {
            throw new WebException.BadRequest("只接受 .xlsx 或 .csv 台账文件：" + (name.isEmpty() ? "（无文件名）" : name),
                    "only .xlsx or .csv ledgers are accepted: " + (name.isEmpty() ? "(no file name)" : name));
        }
        String extension = lower.substring(lower.lastIndexOf('.'));
        String stem = name.substring(0, name.length() - extension.length()).replaceAll("[^\\p{L}\\p{N}_()（）. -]", "_");
        if (stem.isBlank() || stem.startsWith(".")) {
            stem = "ledger" + stem;
        }
        return (stem.length() > 100 ? stem.substring(0, 100) : stem) + extension;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a temporary file left behind is removed with the temporary directory
                }
            });
        } catch (IOException e) {
            // likewise
        }
    }
}
