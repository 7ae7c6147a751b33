package cn.fazhi.pulse.testkit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** JDBC chores shared by both backends: naming new databases, asking the version, waiting for a restart. */
final class Databases {

    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Databases() {
    }

    /** Unique within the JVM; each JVM starts its own servers, so that is unique enough. */
    static String nextName() {
        return "fazhi_it_" + COUNTER.incrementAndGet();
    }

    static String serverVersion(String jdbcUrl, String user, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            // "17.6 (Debian 17.6-1.pgdg13+1)" in the official image: keep the number only.
            return rs.getString(1).split(" ")[0];
        } catch (SQLException e) {
            throw new TestkitException("cannot ask PostgreSQL at " + jdbcUrl + " for its version", e);
        }
    }

    static void create(String adminJdbcUrl, String user, String password, String name) {
        try (Connection connection = DriverManager.getConnection(adminJdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new TestkitException("cannot create database " + name + " via " + adminJdbcUrl, e);
        }
    }

    /** Polls until a connection succeeds; a restarted container needs a moment before it accepts them. */
    static void awaitConnectable(String jdbcUrl, String user, String password, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        SQLException last;
        do {
            try {
                DriverManager.getConnection(jdbcUrl, user, password).close();
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestkitException("interrupted while waiting for PostgreSQL at " + jdbcUrl, e);
            }
        } while (System.nanoTime() < deadline);
        throw new TestkitException("PostgreSQL at " + jdbcUrl + " did not accept connections within "
                + limit.toSeconds() + " s", last);
    }
}
