package cn.fazhi.pulse.web;

import cn.fazhi.pulse.producers.DeadLetterNotStoredException;
import cn.fazhi.pulse.store.EvidenceStore;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.access.Account;
import cn.fazhi.pulse.web.access.Access;
import cn.fazhi.pulse.web.access.AccessGate;
import cn.fazhi.pulse.web.access.Caller;
import cn.fazhi.pulse.web.ingest.EventIngest;
import cn.fazhi.pulse.web.ledger.LedgerRoutes;
import cn.fazhi.pulse.web.ledger.LedgerUploads;
import cn.fazhi.pulse.web.live.SseHub;
import cn.fazhi.pulse.web.metrics.PipelineMetrics;
import cn.fazhi.pulse.report.evidence.EvidenceTable;
import cn.fazhi.pulse.web.query.EvidenceQueries;
import cn.fazhi.pulse.web.query.IndicatorQueries;
import cn.fazhi.pulse.web.query.ScopeDirectory;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.config.SizeUnit;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: the dashboard's page and assets, the JSON query API, the live stream, event
 * ingest, health and metrics. Routes only: each declares the {@link Access} it requires, which
 * {@link AccessGate} enforces before any handler runs, hands its parameters to plain-Java code
 * and turns a {@link WebException} into {@code {"error": …, "错误": …}} with its status.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);

    private final Javalin javalin;

    WebServer(WebSettings settings, IndicatorQueries queries, EvidenceQueries evidence, ReportDownloads reports, EventIngest ingest,
              AccessGate gate, SseHub hub, PipelineMetrics metrics, Clock clock, LedgerUploads ledgers) {
        ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        javalin = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.http.maxRequestSize = settings.maxRequestBytes();
            config.jetty.multipartConfig.maxTotalRequestSize(settings.maxLedgerBytes(), SizeUnit.BYTES);
            config.jetty.multipartConfig.maxFileSize(settings.maxLedgerBytes(), SizeUnit.BYTES);
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.staticFiles.add(files -> {
                files.hostedPath = "/";
                files.directory = "/dashboard";
                files.location = Location.CLASSPATH;
            });
            config.staticFiles.enableWebjars();
        });
        javalin.beforeMatched(gate::handle);
        javalin.get("/health", ctx -> ctx.json(Map.of("status", "UP", "scopes", queries.freshScopes().all().size(), "sseClients", hub.clients())), Access.OPEN);
        javalin.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()), Access.ADMIN);
        javalin.get("/", ctx -> page(ctx, "index.html"), Access.DASHBOARD);
        javalin.get("/ledgers", ctx -> page(ctx, "ledgers.html"), Access.DASHBOARD);
        javalin.get("/login", ctx -> page(ctx, "login.html"), Access.OPEN);
        javalin.post("/login", gate::signIn, Access.OPEN);
        javalin.post("/logout", gate::signOut, Access.SIGNED_IN);
        javalin.get("/api/me", ctx -> ctx.json(AccessGate.me(AccessGate.caller(ctx))), Access.SIGNED_IN);
        javalin.get("/api/scopes", ctx -> ctx.json(visibleScopes(queries.freshScopes(), AccessGate.caller(ctx).account())), Access.READ);
        javalin.get("/api/indicators", ctx -> ctx.json(queries.indicators(ctx.queryParam("scope"), ctx.queryParam("period"), ctx.queryParam("to"))), Access.READ);
        javalin.get("/api/trend", ctx -> ctx.json(queries.trend(ctx.queryParam("scope"), ctx.queryParam("indicator"), ctx.queryParam("from"), ctx.queryParam("to"))), Access.READ);
        javalin.get("/api/ranking", ctx -> ctx.json(queries.ranking(ctx.queryParam("scope"), ctx.queryParam("period"), ctx.queryParam("indicator"), ctx.queryParam("to"))), Access.READ);
        javalin.get("/api/evidence", ctx -> evidence(ctx, evidence), Access.READ);
        javalin.get("/api/freshness", ctx -> ctx.json(queries.freshness(ctx.queryParam("scope"))), Access.READ);
        javalin.get("/api/reports/{town}/{file}", ctx -> {
            ReportDownloads.Download download = reports.report(ctx.pathParam("town"), ctx.pathParam("file"));
            ctx.contentType(download.contentType())
                    .header("Content-Disposition", "attachment; filename=\"" + download.fileName() + "\"")
                    .result(download.content());
        }, Access.READ);
        javalin.post("/api/events", ctx -> ingest(ctx, ingest, gate, clock), Access.SUBMIT);
        javalin.post("/api/ledgers", ctx -> ctx.json(LedgerRoutes.submit(ctx, ledgers, settings, gate, clock)), Access.LEDGER);
        javalin.get("/api/ledgers/templates/{kind}", LedgerRoutes::template, Access.LEDGER);
        // Checked before the stream opens: once it is open, no status can be sent any more.
        // After the gate (handlers run in the order registered): an unknown scope is 404 only to a caller allowed to ask.
        javalin.beforeMatched("/api/stream", ctx -> queries.scope(ctx.queryParam("scope")));
        javalin.sse("/api/stream", client -> {
            ScopeDirectory scopes = queries.scopes();
            String scope = client.ctx().queryParam("scope");
            Account account = AccessGate.caller(client.ctx()).account();
            client.keepAlive();
            // The gate let only a scope of the account through; filtered again so that no later change of the directory widens it.
            hub.add(client, scopes.withDescendants(scope).stream().filter(account::mayRead).collect(Collectors.toSet()));
            client.sendEvent("ready", Map.of("scope", scope));
        }, Access.READ);
        javalin.exception(WebException.class, (e, ctx) -> {
            if (e instanceof WebException.Unauthorized) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"fazhi\"");
            } else if (e instanceof WebException.TooManyRequests tooMany) {
                ctx.header("Retry-After", Long.toString(tooMany.retryAfterSeconds()));
            }
            error(ctx, e.status(), e.messageZh(), e.getMessage());
        });
        javalin.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() == 413 ? "请求过大：最多 " + settings.maxRequestBytes() + " 字节" : "请求无法处理：" + e.getMessage(),
                e.getStatus() == 413 ? "request too large: at most " + settings.maxRequestBytes() + " bytes" : e.getMessage()));
        javalin.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "服务器内部错误：" + e.getMessage(), "internal error: " + e.getMessage());
        });
        javalin.error(404, ctx -> {
            if (ctx.result() == null) {
                error(ctx, 404, "没有这个地址：" + ctx.path(), "no such path: " + ctx.path());
            }
        });
    }

    /** The items behind a figure: a page as JSON, or the whole list as CSV or Excel. */
    private static void evidence(Context ctx, EvidenceQueries evidence) {
        EvidenceQueries.Request request = evidence.request(ctx.queryParam("scope"), ctx.queryParam("period"), ctx.queryParam("indicator"),
                ctx.queryParam("as_of"), ctx.queryParam("to"), ctx.queryParam("part"));
        String format = ctx.queryParam("format");
        if (format == null || format.isBlank() || format.equals("json")) {
            ctx.json(evidence.page(request, ctx.queryParam("cursor")));
            return;
        }
        byte[] file;
        switch (format) {
            case "csv" -> {
                file = EvidenceTable.csv(evidence.all(request));
                ctx.contentType("text/csv; charset=utf-8");
            }
            case "xlsx" -> {
                EvidenceQueries.Figure figure = evidence.figure(request);
                file = EvidenceTable.xlsx(List.of(new EvidenceTable.Part(request.indicator().nameZh(),
                        request.scope().name() + " " + request.period() + " " + request.indicator().nameZh() + "："
                                + EvidenceTable.figure(figure.numerator(), figure.denominator()),
                        evidence.all(request), request.part() == EvidenceStore.Part.ALL,
                        figure.numerator(), figure.denominator())));
                ctx.contentType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
            }
            default -> throw new WebException.BadRequest("format 须为 json、csv 或 xlsx：" + format, "format must be json, csv or xlsx: " + format);
        }
        ctx.header("Content-Disposition", "attachment; filename=\"" + EvidenceQueries.fileName(request, format) + "\"").result(file);
    }

    /** The body was read and its towns checked by the gate; what is left is the all-or-nothing ingest and its audit rows. */
    private static void ingest(Context ctx, EventIngest ingest, AccessGate gate, Clock clock) throws Exception {
        EventIngest.Checked checked = gate.submitted(ctx);
        Caller caller = AccessGate.caller(ctx);
        if (!checked.accepted()) {
            Map<String, Object> body = new LinkedHashMap<>();
            int problems = checked.errors().size();
            body.put("error", problems + (problems == 1 ? " problem" : " problems") + " in the request; nothing was published");
            body.put("错误", "请求中有 " + problems + " 处错误，所有事件均未发布");
            body.put("errors", checked.errors());
            gate.recordRefused(ctx, caller, body.get("error").toString());
            try {
                ingest.recordRefused(checked);
            } catch (DeadLetterNotStoredException e) {
                // The request is still refused, but its refusal is not on the dead-letter topic: say
                // so, with a status that invites sending it again, rather than a 400 that hides it.
                LOG.error("refused lines of {} {} were not stored as dead letters", ctx.method(), ctx.path(), e);
                body.put("error", body.get("error") + "; the refused lines could not be recorded (" + e.getMessage() + "), try again");
                body.put("错误", body.get("错误") + "；被拒绝的行未能记录，请稍后重试");
                ctx.status(503).json(body);
                return;
            }
            ctx.status(400).json(body);
            return;
        }
        Instant at = clock.instant();
        int published = ingest.publish(checked, caller.submitterHeader(at));
        gate.recordAccepted(caller, checked, at);
        ctx.status(202).json(Map.of("accepted", published));
    }

    /** Reads a request's events for the gate, refusing an oversized body before reading it. */
    static EventIngest.Checked readEvents(Context ctx, EventIngest ingest, WebSettings settings) {
        if (ctx.contentLength() > settings.maxRequestBytes()) {
            throw new WebException.TooLarge("请求过大：最多 " + settings.maxRequestBytes() + " 字节，请分批提交",
                    "request too large: at most " + settings.maxRequestBytes() + " bytes; send the events in several requests");
        }
        return ingest.check(ctx.body());
    }

    /** A scope as {@code /api/scopes} lists it: those the account may read, and the ones above them (readable false) so the pickers can reach them. */
    public record VisibleScope(String code, String level, String name, String parentCode, String townLevel, Integer villages, boolean readable) {}

    static List<VisibleScope> visibleScopes(ScopeDirectory directory, Account account) {
        Set<String> shown = new HashSet<>();
        Map<String, ScopeRow> byCode = new HashMap<>();
        directory.all().forEach(s -> byCode.put(s.code(), s));
        for (ScopeRow scope : directory.all()) {
            if (account.mayRead(scope.code())) {
                for (ScopeRow up = scope; up != null && shown.add(up.code()); up = up.parentCode() == null ? null : byCode.get(up.parentCode())) {
                    // the scope and its ancestors
                }
            }
        }
        return directory.all().stream().filter(s -> shown.contains(s.code()))
                .map(s -> new VisibleScope(s.code(), s.level(), s.name(), s.parentCode(), s.townLevel(), s.villages(), account.mayRead(s.code())))
                .toList();
    }

    private static void page(Context ctx, String name) throws IOException {
        try (InputStream in = WebServer.class.getResourceAsStream("/pages/" + name)) {
            // No page is cached: a signed-out browser must not show the dashboard from its cache.
            ctx.header("Cache-Control", "no-store").contentType("text/html; charset=utf-8").result(in.readAllBytes());
        }
    }

    private static void error(Context ctx, int status, String zh, String en) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", en);
        body.put("错误", zh);
        ctx.status(status).json(body);
    }

    WebServer start(int port) {
        javalin.start(port);
        return this;
    }

    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
    }
}
