package cn.fazhi.pulse.embedded;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link EmbeddedDatabaseIT}: starts a database on the folder given as the
 * first argument, stores a row, says READY and waits to be killed — leaving the server orphaned.
 */
public final class DatabaseHolder {

    private DatabaseHolder() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedDatabase db = EmbeddedDatabase.start(Path.of(args[0]), 0);
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE town (code text PRIMARY KEY, name text NOT NULL)");
            statement.execute("INSERT INTO town VALUES ('320102', '玄武区')");
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
