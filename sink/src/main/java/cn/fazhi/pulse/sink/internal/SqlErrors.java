package cn.fazhi.pulse.sink.internal;

import java.sql.SQLException;

/**
 * What a database error means for the sink, from its SQLSTATE: wait and retry (the database is
 * away), set one record aside (it cannot be stored), or stop (nothing will work until a person
 * fixes the configuration or the schema).
 */
public final class SqlErrors {
    public enum Kind { RETRIABLE, BAD_RECORD, FATAL }

    private SqlErrors() {}

    public static Kind classify(Throwable error) {
        String state = sqlState(error);
        if (state == null) {
            return Kind.RETRIABLE; // an I/O failure below JDBC: the connection, not the data
        }
        if (state.startsWith("22") || state.startsWith("23")) {
            return Kind.BAD_RECORD; // data exception, integrity violation
        }
        if (state.startsWith("28") || state.startsWith("42") || state.equals("3D000") || state.equals("3F000")) {
            return Kind.FATAL; // authentication, schema or database missing
        }
        return Kind.RETRIABLE; // connection (08), shutdown (57P), resources (53), conflicts (40)
    }

    public static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
