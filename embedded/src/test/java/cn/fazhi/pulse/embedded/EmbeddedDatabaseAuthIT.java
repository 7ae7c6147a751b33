package cn.fazhi.pulse.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The superuser's password is checked on every connection, whatever the folder's history. */
class EmbeddedDatabaseAuthIT {

    private static final String INVALID_PASSWORD = "28P01";

    @TempDir
    Path dataDir;

    @Test
    void shouldRefuseWrongPasswordAndAcceptDefaultOne() throws SQLException {
        // Given a new database started with the defaults
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {

            // When / Then a wrong password is refused and the default one accepted
            assertThat(db.password()).isEqualTo(EmbeddedDatabase.DEFAULT_PASSWORD);
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "not-the-password"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(INVALID_PASSWORD));
            assertThat(query(db.jdbcUrl(), db.password(), "SELECT 1")).containsExactly("1");

            // And every rule the server loaded asks for the password, the unix socket's too
            assertThat(query(db.jdbcUrl(), db.password(), "SELECT type || ' ' || auth_method FROM pg_hba_file_rules"))
                    .containsExactly("local scram-sha-256", "host scram-sha-256", "host scram-sha-256");
            assertThat(query(db.jdbcUrl(), db.password(), "SHOW listen_addresses")).containsExactly("localhost");
        }
        assertThat(dataDir.resolve("initdb-password")).as("initdb's password file").doesNotExist();
    }

    @Test
    void shouldKeepConfiguredPasswordAcrossRestarts() throws SQLException {
        // Given a database created with a password of its own, listening everywhere
        String password = "Ü ber'geheim\"; DROP ROLE x; --";
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0, password, "*")) {
            assertThat(db.password()).isEqualTo(password);
            assertThat(query(db.jdbcUrl(), password, "SHOW listen_addresses")).containsExactly("*");

            // When it is restarted
            db.restart();

            // Then that password still works, the default one does not
            assertThat(query(db.jdbcUrl(), password, "SELECT 1")).containsExactly("1");
            assertRefused(db.jdbcUrl(), EmbeddedDatabase.DEFAULT_PASSWORD);
        }

        // And so after a start of a new server on the folder
        try (EmbeddedDatabase again = EmbeddedDatabase.start(dataDir, 0, password, "localhost")) {
            assertThat(query(again.jdbcUrl(), password, "SELECT 1")).containsExactly("1");
        }
    }

    @Test
    void shouldGiveFolderOfOlderVersionThePasswordWhenStarted() throws Exception {
        // Given a folder made the old way: initdb -A trust, no password, a row stored
        Path pgdata = dataDir.resolve(EmbeddedDatabase.PGDATA_DIR);
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgdata).setCleanDataDirectory(false)
                .setLocaleConfig("locale", "C").setPGStartupWait(Duration.ofSeconds(60)).start();
             Connection connection = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"), "postgres", "anything");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE town (code text PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO town VALUES ('320102', '玄武区')");
        }

        // When this version starts it with a password
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0, "new-secret", "localhost")) {

            // Then the password is needed, a wrong one refused, and the data is still there
            assertRefused(db.jdbcUrl(), "anything");
            assertThat(query(db.jdbcUrl(), "new-secret", "SELECT name FROM town")).containsExactly("玄武区");
            assertThat(query(db.jdbcUrl(), "new-secret", "SELECT DISTINCT auth_method FROM pg_hba_file_rules"))
                    .containsExactly("scram-sha-256");
            assertThat(pgdata.resolve(EmbeddedDatabase.PASSWORD_SET_MARKER)).exists();

            // And it stays that way after a restart (the folder is marked, not upgraded again)
            db.restart();
            assertRefused(db.jdbcUrl(), "anything");
        }
        // The password was hashed on this side (SCRAM verifier), so the server's log cannot hold it.
        assertThat(Files.readString(dataDir.resolve(EmbeddedDatabase.SERVER_LOG))).doesNotContain("new-secret");
    }

    @Test
    void shouldFailNamingThePasswordMismatchWhenFolderHasAnotherPassword() throws IOException {
        // Given a folder created with one password
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0, "first-password", "localhost")) {
            assertThat(db.isRunning()).isTrue();
        }

        // When / Then starting it with another fails, saying so and how to change it, without waiting out
        // the whole start-up wait (a minute) as zonky's own check would
        long started = System.nanoTime();
        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0, "second-password", "localhost"))
                .isInstanceOf(EmbeddedRuntimeException.class)
                .hasMessageContaining("refused the password")
                .hasMessageContaining("this database folder was created with")
                .hasMessageContaining("ALTER ROLE postgres PASSWORD")
                .hasMessageNotContaining("second-password");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        assertThat(Thread.currentThread().isInterrupted()).as("the starting thread's interrupt is cleared").isFalse();

        // And the server it started is not left running
        Path pidFile = dataDir.resolve(EmbeddedDatabase.PGDATA_DIR).resolve("postmaster.pid");
        Optional<ProcessHandle> postmaster = Files.exists(pidFile)
                ? ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).strip()))
                : Optional.empty();
        assertThat(postmaster.map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(Files.readString(dataDir.resolve(EmbeddedDatabase.SERVER_LOG)))
                .contains("password authentication failed for user \"postgres\"");
    }

    @Test
    void shouldRefuseUnsafePasswordsAndListenAddresses() {
        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0, "", "localhost"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0, "two\nlines", "localhost"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0, "postgres", "localhost; rm -rf x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listen addresses");
        assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0, "postgres", "localhost, 10.0.0.1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void assertRefused(String url, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", password).close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(INVALID_PASSWORD));
    }

    private static List<String> query(String url, String password, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, "postgres", password);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
