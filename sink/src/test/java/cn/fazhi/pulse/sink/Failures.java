package cn.fazhi.pulse.sink;

import java.io.IOException;
import java.sql.SQLException;

/** Failures as the writer throws them (Jdbi wraps the driver's), for the tests of what the sink makes of them. */
final class Failures {
    private Failures() {}

    /** The database refuses a value: SQLSTATE 22003, numeric field overflow. */
    static RuntimeException refused() {
        return new RuntimeException("jdbi", new SQLException("ERROR: numeric field overflow", "22003"));
    }

    /** The connection broke: no SQLSTATE, an I/O failure below JDBC. */
    static RuntimeException away() {
        return new RuntimeException("jdbi", new IOException("Connection refused"));
    }

    /** The password is wrong: SQLSTATE 28P01. */
    static RuntimeException badPassword() {
        return new RuntimeException("jdbi", new SQLException("FATAL: password authentication failed", "28P01"));
    }
}
