package cn.fazhi.pulse.store.access;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Accounts, bearer tokens and browser sessions in PostgreSQL. Secrets leave this class only once,
 * when issued; what is stored is a bcrypt hash (passwords) or a SHA-256 (tokens, sessions).
 */
public final class AccountStore {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,63}");
    private static final String ACCOUNT_COLUMNS = "a.id, a.name, a.role, a.scope_code, a.created_at, a.disabled_at";

    public enum TokenKind { API, SESSION }

    /** A token as issued: the secret, shown once, and when it stops working. */
    public record IssuedToken(long id, String secret, Instant expiresAt) {}

    /** A browser session as opened: its id for the cookie and the CSRF token every write must carry. */
    public record IssuedSession(long id, String secret, String csrfToken, Instant expiresAt) {}

    /** Who presented a valid token or session: the account and which credential it was. */
    public record Credential(Account account, long tokenId, TokenKind kind, byte[] csrfHash) {}

    private final Jdbi jdbi;
    private final Clock clock;

    public AccountStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    public AccountStore(Jdbi jdbi) {
        this(jdbi, Clock.systemUTC());
    }

    /**
     * Creates an account. A system account has no password (it signs in by token only); every
     * other role needs one.
     */
    public Account add(String name, Role role, AccessScope scope, char[] password) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AccessException("账号名须为 2–64 个小写字母、数字或 . _ -，以字母或数字开头：" + name,
                    "an account name is 2-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit: " + name);
        }
        if (role == Role.CLERK && scope.level() != AccessScope.Level.TOWN) {
            throw new AccessException("clerk（镇街办事员）的范围须为镇街代码，" + scope + " 不是镇街",
                    "a clerk's scope must be a town code; " + scope + " is not a town");
        }
        String hash = null;
        if (role.signsIn()) {
            if (password == null) {
                throw new AccessException("该角色需要密码", "this role needs a password");
            }
            Passwords.requireAcceptable(password);
            hash = Passwords.hash(password);
        }
        String passwordHash = hash;
        return jdbi.inTransaction(h -> {
            if (find(h, name).isPresent()) {
                throw new AccessException("账号已存在：" + name, "an account of that name exists already: " + name);
            }
            long id = h.createUpdate("INSERT INTO account (name, role, scope_code, password_hash, created_at) VALUES (:name, :role, :scope, :hash, :now)")
                    .bind("name", name).bind("role", role.id()).bind("scope", scope.code()).bind("hash", passwordHash).bind("now", now())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            return find(h, name).filter(a -> a.id() == id).orElseThrow();
        });
    }

    public List<Account> list() {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ACCOUNT_COLUMNS + " FROM account a ORDER BY a.name").map(AccountStore::account).list());
    }

    public Optional<Account> find(String name) {
        return jdbi.withHandle(h -> find(h, name));
    }

    private static Optional<Account> find(Handle h, String name) {
        return h.createQuery("SELECT " + ACCOUNT_COLUMNS + " FROM account a WHERE a.name = :name").bind("name", name)
                .map(AccountStore::account).findOne();
    }

    private Account require(Handle h, String name) {
        return find(h, name).orElseThrow(() -> new AccessException("没有这个账号：" + name, "no such account: " + name));
    }

    /** Disables an account for good and ends its tokens and sessions. */
    public Account disable(String name) {
        return jdbi.inTransaction(h -> {
            Account account = require(h, name);
            h.createUpdate("UPDATE account SET disabled_at = :now WHERE id = :id AND disabled_at IS NULL").bind("id", account.id()).bind("now", now()).execute();
            revoke(h, account.id());
            return find(h, name).orElseThrow();
        });
    }

    /** The account, if it exists, is enabled, signs in with a password and this is its password. */
    public Optional<Account> checkPassword(String name, char[] password) {
        record Row(Account account, String hash) {}
        Optional<Row> row = jdbi.withHandle(h -> h.createQuery("SELECT " + ACCOUNT_COLUMNS + ", a.password_hash FROM account a WHERE a.name = :name")
                .bind("name", name).map((rs, ctx) -> new Row(account(rs, ctx), rs.getString("password_hash"))).findOne());
        if (row.isEmpty() || row.get().hash() == null || !row.get().account().enabled()) {
            Passwords.spendOneCheck(password);
            return Optional.empty();
        }
        return Passwords.matches(row.get().hash(), password) ? Optional.of(row.get().account()) : Optional.empty();
    }

    /** A new bearer token for an enabled account; the secret is in the answer and nowhere else. */
    public IssuedToken createToken(String name, Duration validFor) {
        return jdbi.inTransaction(h -> {
            Account account = require(h, name);
            if (!account.enabled()) {
                throw new AccessException("账号已停用：" + name, "the account is disabled: " + name);
            }
            String secret = SecretTokens.generate(SecretTokens.API_PREFIX);
            Instant expires = clock.instant().plus(validFor);
            long id = insertToken(h, account.id(), "api", SecretTokens.hash(secret), null, expires);
            return new IssuedToken(id, secret, expires);
        });
    }

    public IssuedSession openSession(Account account, Duration validFor) {
        String secret = SecretTokens.generate("");
        String csrf = SecretTokens.generate("");
        Instant expires = clock.instant().plus(validFor);
        long id = jdbi.withHandle(h -> insertToken(h, account.id(), "session", SecretTokens.hash(secret), SecretTokens.hash(csrf), expires));
        return new IssuedSession(id, secret, csrf, expires);
    }

    private long insertToken(Handle h, long accountId, String kind, byte[] hash, byte[] csrfHash, Instant expires) {
        return h.createUpdate("INSERT INTO access_token (account_id, kind, token_hash, csrf_hash, created_at, expires_at) "
                        + "VALUES (:account, :kind, :hash, :csrf, :now, :expires)")
                .bind("account", accountId).bind("kind", kind).bind("hash", hash).bind("csrf", csrfHash).bind("now", now())
                .bind("expires", OffsetDateTime.ofInstant(expires, ZoneOffset.UTC))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Who a token or session secret belongs to, if it is valid now: not expired, not revoked, its account enabled. */
    public Optional<Credential> authenticate(String secret, TokenKind kind) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        byte[] hash = SecretTokens.hash(secret);
        return jdbi.withHandle(h -> h.createQuery("SELECT " + ACCOUNT_COLUMNS + ", t.id AS token_id, t.token_hash, t.csrf_hash FROM access_token t "
                                + "JOIN account a ON a.id = t.account_id WHERE t.token_hash = :hash AND t.kind = :kind "
                                + "AND t.revoked_at IS NULL AND t.expires_at > :now AND a.disabled_at IS NULL")
                        .bind("hash", hash).bind("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).bind("now", now())
                        .map((rs, ctx) -> SecretTokens.matches(rs.getBytes("token_hash"), secret)
                                ? new Credential(account(rs, ctx), rs.getLong("token_id"), kind, rs.getBytes("csrf_hash")) : null)
                        .findFirst())
                .filter(c -> c != null);
    }

    /** Ends one session or token (sign-out). */
    public void revokeToken(long tokenId) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE access_token SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("id", tokenId).bind("now", now()).execute());
    }

    /** Revokes every token and session of an account; returns how many were still valid. */
    public int revokeTokens(String name) {
        return jdbi.inTransaction(h -> revoke(h, require(h, name).id()));
    }

    private int revoke(Handle h, long accountId) {
        return h.createUpdate("UPDATE access_token SET revoked_at = :now WHERE account_id = :id AND revoked_at IS NULL AND expires_at > :now")
                .bind("id", accountId).bind("now", now()).execute();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    static Account account(ResultSet rs, StatementContext ctx) throws SQLException {
        Timestamp disabled = rs.getTimestamp("disabled_at");
        return new Account(rs.getLong("id"), rs.getString("name"), Role.parse(rs.getString("role")), new AccessScope(rs.getString("scope_code")),
                rs.getTimestamp("created_at").toInstant(), disabled == null ? null : disabled.toInstant());
    }
}
