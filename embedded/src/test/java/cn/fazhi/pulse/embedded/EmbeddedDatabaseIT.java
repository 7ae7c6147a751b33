package cn.fazhi.pulse.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseIT {

    @TempDir
    Path dataDir;

    @Test
    void shouldAnswerQueriesWhenStarted() throws SQLException {
        // Given a started database
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {

            // When a table is created and filled over plain JDBC
            execute(db.jdbcUrl(), db, "CREATE TABLE town (code text PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO town VALUES ('320102', '玄武区'), ('320104', '秦淮区')");

            // Then the rows come back, Chinese text intact
            assertThat(names(db.jdbcUrl(), db)).containsExactly("玄武区", "秦淮区");
            assertThat(serverVersion(db)).startsWith("17.");
        }
    }

    @Test
    void shouldKeepDataWhenStartedAgainOnSameFolder() throws SQLException {
        // Given a database that stored a row and was closed
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dataDir, 0)) {
            execute(first.jdbcUrl(), first, "CREATE TABLE town (code text PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO town VALUES ('320102', '玄武区')");
        }

        // When a new server starts on the same folder
        try (EmbeddedDatabase second = EmbeddedDatabase.start(dataDir, 0)) {

            // Then the row is still there
            assertThat(names(second.jdbcUrl(), second)).containsExactly("玄武区");
        }
    }

    @Test
    void shouldRefuseConnectionsWhenStoppedAndServeThemAgainWhenRestarted() throws SQLException {
        // Given a database with a committed row
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
            execute(db.jdbcUrl(), db, "CREATE TABLE town (code text PRIMARY KEY, name text NOT NULL)",
                    "INSERT INTO town VALUES ('320102', '玄武区')");
            int port = db.port();

            // When it is stopped
            db.stop();

            // Then connections fail
            assertThat(db.isRunning()).isFalse();
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()))
                    .isInstanceOf(SQLException.class);

            // And when it is restarted, the same URL works again with the data intact
            db.restart();
            assertThat(db.isRunning()).isTrue();
            assertThat(db.port()).isEqualTo(port);
            assertThat(names(db.jdbcUrl(), db)).containsExactly("玄武区");
        }
    }

    @Test
    void shouldCreateSeparateEmptyDatabaseWhenAskedForOne() throws SQLException {
        // Given a database with a table in the default database
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
            execute(db.jdbcUrl(), db, "CREATE TABLE town (code text PRIMARY KEY, name text NOT NULL)");

            // When a new database is created
            String url = db.createDatabase("fazhi_sink_it");

            // Then its URL names it and it has no tables of its own
            assertThat(url).isEqualTo("jdbc:postgresql://localhost:" + db.port() + "/fazhi_sink_it");
            try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
                 Statement statement = connection.createStatement();
                 ResultSet rs = statement.executeQuery(
                         "SELECT current_database(), count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("fazhi_sink_it");
                assertThat(rs.getInt(2)).isZero();
            }
        }
    }

    @Test
    void shouldRejectDatabaseNameWhenItIsNotAPlainIdentifier() {
        // Given a started database
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {

            // When / Then names that would need quoting are refused before reaching SQL
            assertThatThrownBy(() -> db.createDatabase("x; DROP DATABASE postgres"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("database name");
            assertThatThrownBy(() -> db.createDatabase("Upper"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void shouldFailWithClearMessageWhenCreatingDatabaseWhileStopped() {
        // Given a stopped database
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {
            db.stop();

            // When / Then
            assertThatThrownBy(() -> db.createDatabase("too_late"))
                    .isInstanceOf(EmbeddedRuntimeException.class)
                    .hasMessageContaining("is stopped");
        }
    }

    @Test
    void shouldBeSafeToCloseTwiceWhenAlreadyStopped() {
        // Given a database that was stopped
        EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0);
        db.stop();

        // When it is closed twice
        db.close();
        db.close();

        // Then it stays down and refuses a restart
        assertThat(db.isRunning()).isFalse();
        assertThatThrownBy(db::restart)
                .isInstanceOf(EmbeddedRuntimeException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void shouldStopOrphanedServerAndKeepDataWhenPreviousJvmWasKilled() throws Exception {
        // Given a child JVM that started a database, stored a row and was killed without stopping it
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        Optional.ofNullable(System.getProperty("logback.configurationFile"))
                .ifPresent(file -> command.add("-Dlogback.configurationFile=" + file));
        command.addAll(List.of(DatabaseHolder.class.getName(), dataDir.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(out.lines().filter(line -> line.equals("READY")).findFirst()).as("child JVM output").isPresent();
        }
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        Path pidFile = dataDir.resolve(EmbeddedDatabase.PGDATA_DIR).resolve("postmaster.pid");
        long orphanPid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
        assertThat(ProcessHandle.of(orphanPid)).as("orphaned server").hasValueSatisfying(p -> assertThat(p.isAlive()).isTrue());

        // When this JVM starts a database on the same folder
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dataDir, 0)) {

            // Then the orphan is gone and the row is back
            assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
            assertThat(names(db.jdbcUrl(), db)).containsExactly("玄武区");
        }
    }

    @Test
    void shouldRefuseFolderWhenAnotherRunningServerUsesIt() {
        // Given a running database
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dataDir, 0)) {

            // When / Then a second server on the same folder is refused, and the first keeps running
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, 0))
                    .isInstanceOf(EmbeddedRuntimeException.class)
                    .hasMessageContaining("in use");
            assertThat(first.isRunning()).isTrue();
            assertThatCode(() -> DriverManager.getConnection(first.jdbcUrl(), first.user(), first.password()).close())
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void shouldFailFastWhenFixedPortIsTaken() throws IOException {
        // Given a port something else listens on
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long started = System.nanoTime();

            // When / Then
            assertThatThrownBy(() -> EmbeddedDatabase.start(dataDir, taken.getLocalPort()))
                    .isInstanceOf(EmbeddedRuntimeException.class)
                    .hasMessageContaining(taken.getLocalPort() + " is already in use");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    private static void execute(String url, EmbeddedDatabase db, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static List<String> names(String url, EmbeddedDatabase db) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(url, db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT name FROM town ORDER BY code")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static String serverVersion(EmbeddedDatabase db) throws SQLException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW server_version")) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
