package cn.fazhi.pulse.web.ledger;

import cn.fazhi.pulse.producers.ledger.EntityLedgerKind;
import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.store.access.Account;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.web.WebException;
import cn.fazhi.pulse.web.WebSettings;
import cn.fazhi.pulse.web.access.Access;
import cn.fazhi.pulse.web.access.AccessGate;
import cn.fazhi.pulse.web.access.Caller;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/ledgers} and {@code GET /api/ledgers/templates/{kind}}: the request's form
 * fields turned into a {@link LedgerUploads.Request}, the town decided by who asks (a clerk's
 * own; an admin's from the file or the {@code town} field), and every town the ledger names put
 * to the access rule before anything is published.
 */
public final class LedgerRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerRoutes.class);

    private LedgerRoutes() {}

    /** The upload answered; a confirmed one published with its submitter and written to the audit trail. */
    public static Map<String, Object> submit(Context ctx, LedgerUploads ledgers, WebSettings settings, AccessGate gate, Clock clock) {
        long limit = settings.maxLedgerBytes();
        if (ctx.contentLength() > limit) {
            throw new WebException.TooLarge("上传的台账过大：最多 " + (limit >> 20) + " MB，请分成几个文件上报",
                    "the upload is too large: at most " + (limit >> 20) + " MB; submit the ledger in several files");
        }
        if (!String.valueOf(ctx.contentType()).toLowerCase().startsWith("multipart/form-data")) {
            throw new WebException.BadRequest("请以 multipart/form-data 上传台账文件（字段 file）", "upload the ledger as multipart/form-data (field file)");
        }
        List<UploadedFile> files = ctx.uploadedFiles();
        boolean dryRun = flag(ctx, "dry_run");
        boolean sync = flag(ctx, "sync");
        Optional<EntityLedgerKind> kind = Optional.ofNullable(blankToNull(ctx.formParam("kind"))).map(k -> EntityLedgerKind.byName(k)
                .orElseThrow(() -> new WebException.BadRequest("没有这种台账：" + k + "（可用 mediation、petition、case）",
                        "no such kind of ledger: " + k + " (use mediation, petition or case)")));
        Caller caller = AccessGate.caller(ctx);
        Account account = caller.account();
        String townField = blankToNull(ctx.formParam("town"));
        if (townField != null && !TownCode.isValid(townField)) {
            throw new WebException.BadRequest("town 须为 12 位区划代码：" + townField, "town must be a 12-digit division code: " + townField);
        }
        Optional<String> town;
        if (account.role() == Role.CLERK) {
            // A clerk's town is the town: a row naming another is refused, with its reason, by the reader.
            town = Optional.of(account.scope().code());
            if (townField != null && !townField.equals(town.get())) {
                AccessGate.requireScopes(ctx, Access.LEDGER, List.of(townField));
            }
        } else {
            town = Optional.ofNullable(townField);
            town.ifPresent(t -> AccessGate.requireScopes(ctx, Access.LEDGER, List.of(t)));
        }
        List<LedgerUploads.Upload> uploads = files.stream().map(f -> new LedgerUploads.Upload(f.filename(), f.content())).toList();
        Instant at = clock.instant();
        LedgerUploads.Submitted submitted = ledgers.submit(uploads, new LedgerUploads.Request(kind, town, dryRun, sync),
                towns -> AccessGate.requireScopes(ctx, Access.LEDGER, towns), caller.submitterHeader(at));
        Map<String, Object> answer = submitted.answer();
        if (!dryRun && answer.get("receipt") instanceof Map<?, ?> receipt) {
            gate.recordLedgerSubmission(caller, at, submitted, town.orElse(null));
            LOG.info("ledger submission {} by {}: {}", receipt.get("submission"), account.name(), receipt.get("summary"));
        }
        return answer;
    }

    public static void template(Context ctx) {
        LedgerUploads.Template template = LedgerUploads.template(ctx.pathParam("kind"));
        String encoded = java.net.URLEncoder.encode(template.fileName(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                .header("Content-Disposition", "attachment; filename=\"ledger-template.xlsx\"; filename*=UTF-8''" + encoded)
                .result(template.content());
    }

    private static boolean flag(Context ctx, String name) {
        String value = blankToNull(ctx.formParam(name));
        if (value == null) {
            value = blankToNull(ctx.queryParam(name));
        }
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new WebException.BadRequest(name + " 须为 true 或 false：" + value, name + " must be true or false: " + value);
        };
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
