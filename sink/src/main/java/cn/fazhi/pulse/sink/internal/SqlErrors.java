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
        if (state.startsWith("28") || state.startsWith("42") || state.equals("3D000") || state.equals("3F000")) {
            return Kind.FATAL; // authentication, schema or database missing
        }
        if (state.startsWith("08") || state.startsWith("57") || state.startsWith("53") || state.startsWith("40")
                || state.startsWith("55") || state.startsWith("58")) {
            return Kind.RETRIABLE; // connection, shutdown, resources, conflicts, locks, system errors
        }
        // Data exceptions (22), integrity violations (23) and anything else: a batch that waiting
        // will not fix. Written record by record, it shows which record, if any, is at fault.
        return Kind.BAD_RECORD;
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
