package cn.fazhi.pulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.store.Database;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code fazhi user} and {@code fazhi token} against a configured database, as an administrator runs them. */
@ExtendWith(PipelineBackends.class)
class AccountCommandsIT {
    private String[] database;
    private Database db;

    /** What one run printed and returned. */
    record Run(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    @BeforeEach
    void database(Backends backends) {
        String url = backends.newDatabase();
        db = new Database(url, backends.dbUser(), backends.dbPassword());
        database = new String[] {"--set", "db.url=" + url, "--set", "db.user=" + backends.dbUser(), "--set", "db.password=" + backends.dbPassword()};
    }

    @Test
    void shouldCreateAnAccountWithThePasswordFromStdinWhenAsked() {
        Run run = run("a long enough secret\n", "user", "add", "ylq-clerk", "--role", "clerk", "--scope", "120111101000", "--password-stdin");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("ylq-clerk").doesNotContain("a long enough secret");
        assertThat(new AccountStore(db.jdbi()).checkPassword("ylq-clerk", "a long enough secret".toCharArray())).isPresent();
        assertThat(run(null, "user", "list").out()).contains("ylq-clerk").contains("clerk").contains("120111101000");
    }

    @Test
    void shouldGenerateAndPrintAPasswordWhenThereIsNoTerminalAndNoStdinOption() {
        Run run = run(null, "user", "add", "xiqing", "--role", "supervisor", "--scope", "120111000000");

        assertThat(run.exit()).as(run.err()).isZero();
        String password = run.lines().get(run.lines().size() - 1);
        assertThat(new AccountStore(db.jdbi()).checkPassword("xiqing", password.toCharArray())).isPresent();
    }

    @Test
    void shouldExplainInBothLanguagesWhenTheRoleScopeOrNameIsWrong() {
        Run role = run("a long enough secret\n", "user", "add", "x1", "--role", "mayor", "--scope", "120111101000", "--password-stdin");
        Run scope = run("a long enough secret\n", "user", "add", "x2", "--role", "clerk", "--scope", "1201111010", "--password-stdin");
        Run clerk = run("a long enough secret\n", "user", "add", "x3", "--role", "clerk", "--scope", "120111000000", "--password-stdin");
        run("a long enough secret\n", "user", "add", "x4", "--role", "admin", "--scope", "000000000000", "--password-stdin");
        Run duplicate = run("a long enough secret\n", "user", "add", "x4", "--role", "admin", "--scope", "000000000000", "--password-stdin");

        assertThat(role.exit()).isNotZero();
        assertThat(role.err()).contains("没有这个角色").contains("no such role");
        assertThat(scope.exit()).isNotZero();
        assertThat(scope.err()).contains("12 位").contains("12-digit");
        assertThat(clerk.exit()).isNotZero();
        assertThat(clerk.err()).contains("镇街").contains("not a town");
        assertThat(duplicate.exit()).isNotZero();
        assertThat(duplicate.err()).contains("账号已存在").contains("exists already");
    }

    @Test
    void shouldPrintTheTokenAloneOnTheLastLineAndRevokeItWhenAsked() {
        run(null, "user", "add", "feeder", "--role", "system", "--scope", "120111000000");

        Run created = run(null, "token", "create", "feeder", "--expires-days", "7");

        assertThat(created.exit()).as(created.err()).isZero();
        String token = created.lines().get(created.lines().size() - 1);
        assertThat(token).startsWith("fzt_").doesNotContain(" ");
        AccountStore accounts = new AccountStore(db.jdbi());
        assertThat(accounts.authenticate(token, AccountStore.TokenKind.API)).isPresent();

        assertThat(run(null, "token", "revoke", "--user", "feeder").exit()).isZero();
        assertThat(accounts.authenticate(token, AccountStore.TokenKind.API)).isEmpty();
    }

    private Run run(String stdin, String... args) {
        String[] all = new String[args.length + database.length];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(database, 0, all, args.length, database.length);
        PrintStream out = System.out;
        PrintStream err = System.err;
        InputStream in = System.in;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
            System.setIn(new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8)));
            int exit = FazhiCli.run(all);
            return new Run(exit, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.setIn(in);
        }
    }
}
