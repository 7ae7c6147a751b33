package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.store.access.AuditLog;
import cn.fazhi.pulse.store.access.Submission;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fazhi audit --town CODE}: who submitted what for a town through the HTTP API, accepted or refused. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"List the submissions to POST /api/events for a town: time, account, channel, address, outcome, event.",
                "列出某镇街经 HTTP 提交的事件：时间、账号、方式、来源地址、结果。See docs/security.md."})
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = "--town", required = true, paramLabel = "CODE")
    String town;

    @Option(names = "--since", paramLabel = "DATE", description = "from this day or instant on, e.g. 2024-03-01 (default: everything)")
    String since;

    @Override
    public Integer call() {
        if (!TownCode.isValid(town)) {
            throw new ParameterException(spec.commandLine(), "--town 须为 12 位区划代码 / --town must be a 12-digit code: " + town);
        }
        Instant from;
        try {
            from = since == null ? Instant.EPOCH : EventJsonCodec.parseTimestamp(since);
        } catch (RuntimeException e) {
            throw new ParameterException(spec.commandLine(), "--since 无法识别 / --since not understood: " + since);
        }
        List<Submission> rows = new AuditLog(AccessDatabase.open(options).jdbi()).forTown(town, from);
        System.out.printf("%-24s %-20s %-8s %-8s %-16s %-8s %-20s %s%n", "submitted_at", "account", "channel", "token", "address", "outcome", "event_type", "event_id / reason");
        for (Submission s : rows) {
            System.out.printf("%-24s %-20s %-8s %-8s %-16s %-8s %-20s %s%n", s.submittedAt(), s.accountName(), s.channel(),
                    s.tokenId() == null ? "–" : "#" + s.tokenId(), s.sourceAddress(), s.outcome(), s.eventType() == null ? "–" : s.eventType(),
                    s.reason() == null ? s.eventId() : (s.eventId() == null ? "" : s.eventId() + " ") + s.reason());
        }
        System.out.printf("%d 条 / %d rows%n", rows.size(), rows.size());
        return 0;
    }
}
