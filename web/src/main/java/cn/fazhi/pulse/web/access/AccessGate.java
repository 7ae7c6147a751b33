package cn.fazhi.pulse.web.access;

import cn.fazhi.pulse.producers.ingest.RejectedLine;
import cn.fazhi.pulse.schemas.Events;
import cn.fazhi.pulse.store.access.Account;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.AuditLog;
import cn.fazhi.pulse.store.access.SecretTokens;
import cn.fazhi.pulse.store.access.Submission;
import cn.fazhi.pulse.web.WebException;
import cn.fazhi.pulse.web.ingest.EventIngest;
import cn.fazhi.pulse.web.ledger.LedgerUploads;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place access is decided: a {@code beforeMatched} handler that authenticates every
 * request (bearer token or session cookie), checks the CSRF token of cookie-authenticated writes,
 * reads every scope the request names (the {@code scope} parameter, path parameters, the towns of
 * the events in a POST body) and applies {@link AccessRule} to the route's {@link Access}. Also
 * signs people in and out. Refused submissions are written to the audit trail here.
 */
public final class AccessGate {
    private static final Logger LOG = LoggerFactory.getLogger(AccessGate.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String SESSION_COOKIE = "fazhi_session";
    public static final String CSRF_COOKIE = "fazhi_csrf";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String CALLER = "fazhi.caller";
    private static final String CSRF_HASH = "fazhi.csrf";
    private static final String SUBMITTED = "fazhi.submitted";
    private static final Duration SESSION_LENGTH = Duration.ofHours(12);

    /** Reads (once per request) the events of a POST body; the ingest handler reuses the answer. */
    public interface BodyReader {
        EventIngest.Checked read(Context ctx);
    }

    private final AccountStore accounts;
    private final AuditLog audit;
    private final LoginThrottle throttle;
    private final BodyReader body;
    private final Clock clock;

    public AccessGate(AccountStore accounts, AuditLog audit, LoginThrottle throttle, BodyReader body, Clock clock) {
        this.accounts = accounts;
        this.audit = audit;
        this.throttle = throttle;
        this.body = body;
        this.clock = clock;
    }

    /**
     * The {@code beforeMatched} handler, which runs for routes and static files alike. Static files
     * (the page's script, style sheet and ECharts) declare nothing and hold no data: open. A route
     * under {@code /api/} that forgot to declare its {@link Access} still needs a reader.
     */
    public void handle(Context ctx) {
        Access undeclared = ctx.path().startsWith("/api/") || !ctx.method().name().equals("GET") ? Access.READ : Access.OPEN;
        Access required = ctx.routeRoles().stream().filter(Access.class::isInstance).map(Access.class::cast).findFirst().orElse(undeclared);
        if (required == Access.OPEN) {
            return;
        }
        Caller caller = authenticate(ctx);
        if (caller == null && required == Access.DASHBOARD) {
            ctx.redirect("/login");
            ctx.skipRemainingHandlers();
            return;
        }
        Account account = caller == null ? null : caller.account();
        Optional<AccessRule.Refusal> refusal = AccessRule.check(required, account, Set.of());
        if (refusal.isEmpty() && caller.channel() == Caller.Channel.SESSION && isWrite(ctx)) {
            byte[] expected = ctx.attribute(CSRF_HASH);
            if (!SecretTokens.matches(expected, ctx.header(CSRF_HEADER))) {
                refusal = Optional.of(new AccessRule.Refusal(403, "缺少或错误的 CSRF 令牌（请求头 " + CSRF_HEADER + "），请刷新页面后重试",
                        "missing or wrong CSRF token (header " + CSRF_HEADER + "); reload the page and try again"));
            }
        }
        if (refusal.isEmpty()) {
            refusal = AccessRule.check(required, account, scopes(ctx, required));
        }
        if (refusal.isPresent()) {
            AccessRule.Refusal r = refusal.get();
            if (required == Access.SUBMIT && caller != null) {
                recordRefused(ctx, caller, r.messageEn());
            }
            throw r.status() == 401 ? new WebException.Unauthorized(r.messageZh(), r.messageEn()) : new WebException.Forbidden(r.messageZh(), r.messageEn());
        }
    }

    /**
     * The same rule for what a handler learns only by reading the request (the towns of an uploaded
     * ledger): refuses with 403 and the reason when a town is outside the caller's scope.
     */
    public static void requireScopes(Context ctx, Access required, java.util.Collection<String> scopes) {
        Caller caller = caller(ctx);
        Optional<AccessRule.Refusal> refusal = AccessRule.check(required, caller == null ? null : caller.account(), scopes);
        if (refusal.isPresent()) {
            AccessRule.Refusal r = refusal.get();
            throw r.status() == 401 ? new WebException.Unauthorized(r.messageZh(), r.messageEn()) : new WebException.Forbidden(r.messageZh(), r.messageEn());
        }
    }

    /** Who the request is from; set by {@link #handle} on every route but {@link Access#OPEN} ones. */
    public static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    /** The events of the request's body, read once. */
    public EventIngest.Checked submitted(Context ctx) {
        EventIngest.Checked checked = ctx.attribute(SUBMITTED);
        if (checked == null) {
            checked = body.read(ctx);
            ctx.attribute(SUBMITTED, checked);
        }
        return checked;
    }

    private Caller authenticate(Context ctx) {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new WebException.Unauthorized("Authorization 须为 Bearer 令牌", "Authorization must be Bearer TOKEN");
            }
            AccountStore.Credential credential = accounts.authenticate(authorization.substring(7).strip(), AccountStore.TokenKind.API)
                    .orElseThrow(() -> new WebException.Unauthorized("令牌无效（不存在、已过期或已撤销）", "the token is not valid (unknown, expired or revoked)"));
            return remember(ctx, new Caller(credential.account(), credential.tokenId(), Caller.Channel.TOKEN, ctx.ip()), null);
        }
        String session = ctx.cookie(SESSION_COOKIE);
        if (session != null) {
            Optional<AccountStore.Credential> credential = accounts.authenticate(session, AccountStore.TokenKind.SESSION);
            if (credential.isPresent()) {
                return remember(ctx, new Caller(credential.get().account(), credential.get().tokenId(), Caller.Channel.SESSION, ctx.ip()),
                        credential.get().csrfHash());
            }
        }
        return null;
    }

    private static Caller remember(Context ctx, Caller caller, byte[] csrfHash) {
        ctx.attribute(CALLER, caller);
        if (csrfHash != null) {
            ctx.attribute(CSRF_HASH, csrfHash);
        }
        return caller;
    }

    private static boolean isWrite(Context ctx) {
        String method = ctx.method().name();
        return !(method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS"));
    }

    private Set<String> scopes(Context ctx, Access required) {
        Set<String> scopes = new LinkedHashSet<>();
        String scope = ctx.queryParam("scope");
        if (scope != null) {
            scopes.add(scope);
        }
        scopes.addAll(ctx.pathParamMap().values());
        if (required == Access.SUBMIT) {
            scopes.addAll(EventIngest.towns(submitted(ctx)));
        }
        return scopes;
    }

    /** The audit rows of a refused request: one per event and per refused line, or one for the request when none can be read. */
    public void recordRefused(Context ctx, Caller caller, String reason) {
        Instant now = clock.instant();
        List<Submission> rows = new ArrayList<>();
        try {
            EventIngest.Checked checked = submitted(ctx);
            for (SpecificRecord event : checked.events()) {
                rows.add(caller.submission(now, Submission.REFUSED, Events.townCode(event), Events.eventId(event), event.getSchema().getName(), reason));
            }
            for (EventIngest.RefusedLine line : checked.refused()) {
                rows.add(caller.submission(now, Submission.REFUSED, line.townCode(), null, null, "line " + line.line() + ": " + line.reason()));
            }
        } catch (WebException e) {
            // an empty or oversized body: the request is recorded without its events
        }
        if (rows.isEmpty()) {
            rows.add(caller.submission(now, Submission.REFUSED, null, null, null, reason));
        }
        audit.append(rows);
    }

    /** The audit rows of an accepted request, one per event, after the broker stored them. */
    public void recordAccepted(Caller caller, EventIngest.Checked checked, Instant at) {
        List<Submission> rows = new ArrayList<>();
        for (SpecificRecord event : checked.events()) {
            rows.add(caller.submission(at, Submission.ACCEPTED, Events.townCode(event), Events.eventId(event), event.getSchema().getName(), null));
        }
        audit.append(rows);
    }

    /**
     * The audit rows of a confirmed ledger upload, as of an event ingest: one per event published,
     * one per row refused (with where it was and why). Ledger rows name their town in the events;
     * a refused row is recorded under the town the upload was for, when it was for one.
     */
    public void recordLedgerSubmission(Caller caller, Instant at, LedgerUploads.Submitted submitted, String uploadTown) {
        List<Submission> rows = new ArrayList<>();
        String submission = "台账上报 ledger submission " + submitted.submission();
        for (SpecificRecord event : submitted.published()) {
            rows.add(caller.submission(at, Submission.ACCEPTED, Events.townCode(event), Events.eventId(event), event.getSchema().getName(),
                    submission));
        }
        for (RejectedLine row : submitted.rejected()) {
            rows.add(caller.submission(at, Submission.REFUSED, uploadTown, null, null, submission + ", " + row.place() + ": " + row.reason()));
        }
        if (!rows.isEmpty()) {
            audit.append(rows);
        }
    }

    /** {@code POST /login}: JSON {@code {"name", "password"}}; a session cookie and the CSRF token on success. */
    public void signIn(Context ctx) {
        if (!String.valueOf(ctx.contentType()).startsWith("application/json")) {
            // A cross-site form cannot send JSON without the browser asking first: no sign-in forged from another site.
            throw new WebException.BadRequest("登录请求须为 JSON：{\"name\":…,\"password\":…}", "sign in with JSON: {\"name\":…,\"password\":…}");
        }
        JsonNode request;
        try {
            request = JSON.readTree(ctx.body());
        } catch (Exception e) {
            throw new WebException.BadRequest("登录请求不是有效的 JSON", "the sign-in request is not valid JSON");
        }
        String name = request.path("name").asText("").strip().toLowerCase(java.util.Locale.ROOT);
        char[] password = request.path("password").asText("").toCharArray();
        String address = ctx.ip();
        // What was typed as the name is logged only if it could be one: a password typed into the wrong field stays out of the log.
        String logged = name.matches("[a-z0-9][a-z0-9._-]{1,63}") ? name : "(not an account name)";
        try {
            long wait = throttle.waitSeconds(name, address);
            if (wait > 0) {
                LOG.warn("sign-in of {} from {} refused: too many failures", logged, address);
                throw new WebException.TooManyRequests("登录失败次数过多，请 " + wait + " 秒后再试", "too many failed sign-ins; try again in " + wait + " s", wait);
            }
            Optional<Account> account = name.isEmpty() ? Optional.empty() : accounts.checkPassword(name, password);
            if (account.isEmpty()) {
                throttle.failed(name, address);
                LOG.info("failed sign-in of {} from {}", logged, address);
                throw new WebException.Unauthorized("账号或密码错误", "wrong account name or password");
            }
            throttle.succeeded(name);
            AccountStore.IssuedSession session = accounts.openSession(account.get(), SESSION_LENGTH);
            boolean secure = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
            int maxAge = (int) SESSION_LENGTH.toSeconds();
            ctx.cookie(new Cookie(SESSION_COOKIE, session.secret(), "/", maxAge, secure, 0, true, null, null, SameSite.STRICT));
            // Readable by the page, which sends it back in the X-CSRF-Token header of every write.
            ctx.cookie(new Cookie(CSRF_COOKIE, session.csrfToken(), "/", maxAge, secure, 0, false, null, null, SameSite.STRICT));
            LOG.info("sign-in of {} from {}", logged, address);
            Map<String, Object> answer = me(new Caller(account.get(), session.id(), Caller.Channel.SESSION, address));
            answer.put("csrfToken", session.csrfToken());
            ctx.json(answer);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    /** {@code POST /logout}: ends the session (a token is revoked with {@code fazhi token revoke}). */
    public void signOut(Context ctx) {
        Caller caller = caller(ctx);
        if (caller.channel() == Caller.Channel.SESSION) {
            accounts.revokeToken(caller.credentialId());
        }
        ctx.removeCookie(SESSION_COOKIE, "/");
        ctx.removeCookie(CSRF_COOKIE, "/");
        ctx.json(Map.of("signedOut", true));
    }

    /** {@code GET /api/me}: the account's name, role and scope, for the page's header and pickers. */
    public static Map<String, Object> me(Caller caller) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("name", caller.account().name());
        me.put("role", caller.account().role().id());
        me.put("scope", caller.account().scope().code());
        me.put("channel", caller.channel().id());
        return me;
    }
}
