package cn.fazhi.pulse.store.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.DatabaseSchema;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Accounts, tokens and the audit trail against a real PostgreSQL. */
@ExtendWith(PipelineBackends.class)
class AccountStoreIT {
    private static final char[] PASSWORD = "a long enough password".toCharArray();
    private Jdbi jdbi;
    private AccountStore accounts;

    @BeforeEach
    void migrate(Backends backends) {
        Database database = new Database(backends.newDatabase(), backends.dbUser(), backends.dbPassword());
        DatabaseSchema.migrate(database.dataSource());
        jdbi = database.jdbi();
        accounts = new AccountStore(jdbi);
    }

    @Test
    void shouldSignInOnlyWithTheRightPasswordWhenAnAccountIsAdded() {
        accounts.add("ylq-clerk", Role.CLERK, new AccessScope("120111101000"), PASSWORD);

        assertThat(accounts.checkPassword("ylq-clerk", PASSWORD)).map(Account::role).contains(Role.CLERK);
        assertThat(accounts.checkPassword("ylq-clerk", "a wrong enough password".toCharArray())).isEmpty();
        assertThat(accounts.checkPassword("nobody", PASSWORD)).isEmpty();
        String stored = jdbi.withHandle(h -> h.createQuery("SELECT password_hash FROM account").mapTo(String.class).one());
        assertThat(stored).startsWith("$2y$").doesNotContain("password");
    }

    @Test
    void shouldRefuseWhenTheNameIsTaken() {
        accounts.add("xiqing", Role.SUPERVISOR, new AccessScope("120111000000"), PASSWORD);

        assertThatThrownBy(() -> accounts.add("xiqing", Role.ADMIN, AccessScope.EVERYTHING, PASSWORD))
                .isInstanceOf(AccessException.class).hasMessageContaining("账号已存在").hasMessageContaining("exists already");
    }

    @Test
    void shouldRefuseWhenAClerksScopeIsNotATown() {
        assertThatThrownBy(() -> accounts.add("clerk", Role.CLERK, new AccessScope("120111000000"), PASSWORD))
                .isInstanceOf(AccessException.class).hasMessageContaining("not a town");
    }

    @Test
    void shouldAuthenticateATokenUntilItIsRevokedWhenIssued() {
        accounts.add("feeder", Role.SYSTEM, new AccessScope("120111000000"), null);
        AccountStore.IssuedToken token = accounts.createToken("feeder", Duration.ofDays(30));

        assertThat(accounts.authenticate(token.secret(), AccountStore.TokenKind.API)).map(c -> c.account().name()).contains("feeder");
        assertThat(accounts.authenticate(token.secret(), AccountStore.TokenKind.SESSION)).as("a token is no session cookie").isEmpty();
        byte[] stored = jdbi.withHandle(h -> h.createQuery("SELECT token_hash FROM access_token").mapTo(byte[].class).one());
        assertThat(stored).isEqualTo(SecretTokens.hash(token.secret()));

        assertThat(accounts.revokeTokens("feeder")).isEqualTo(1);
        assertThat(accounts.authenticate(token.secret(), AccountStore.TokenKind.API)).isEmpty();
    }

    @Test
    void shouldRefuseATokenWhenItHasExpired() {
        accounts.add("feeder", Role.SYSTEM, new AccessScope("120111000000"), null);
        AccountStore past = new AccountStore(jdbi, Clock.fixed(Instant.now().minus(Duration.ofDays(3)), ZoneOffset.UTC));
        AccountStore.IssuedToken token = past.createToken("feeder", Duration.ofDays(1));

        assertThat(accounts.authenticate(token.secret(), AccountStore.TokenKind.API)).isEmpty();
    }

    @Test
    void shouldEndItsTokensWhenAnAccountIsDisabled() {
        accounts.add("admin", Role.ADMIN, AccessScope.EVERYTHING, PASSWORD);
        AccountStore.IssuedToken token = accounts.createToken("admin", Duration.ofDays(1));

        accounts.disable("admin");

        assertThat(accounts.authenticate(token.secret(), AccountStore.TokenKind.API)).isEmpty();
        assertThat(accounts.checkPassword("admin", PASSWORD)).isEmpty();
    }

    @Test
    void shouldKeepEveryRowAndRefuseChangesWhenTheAuditTrailIsWritten() {
        Account clerk = accounts.add("ylq-clerk", Role.CLERK, new AccessScope("120111101000"), PASSWORD);
        AuditLog audit = new AuditLog(jdbi);
        audit.append(List.of(new Submission(Instant.now(), clerk.id(), clerk.name(), 7L, "token", "127.0.0.1", Submission.ACCEPTED,
                "120111101000", "e-1", "MediationAccepted", null)));

        assertThat(audit.forTown("120111101000", Instant.EPOCH)).singleElement().satisfies(s -> {
            assertThat(s.accountName()).isEqualTo("ylq-clerk");
            assertThat(s.tokenId()).isEqualTo(7L);
        });
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("UPDATE submission_audit SET account_name = 'someone-else'")))
                .hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbi.useHandle(h -> h.execute("DELETE FROM submission_audit"))).hasMessageContaining("append-only");
    }
}
