package cn.fazhi.pulse.sink.internal;

import cn.fazhi.pulse.sink.PermanentSinkException;
import cn.fazhi.pulse.sink.RecordRefusedException;
import cn.fazhi.pulse.sink.RetriableSinkException;
import cn.fazhi.pulse.sink.SinkException;
import java.sql.SQLException;

/**
 * What a database error means for the sink, from its SQLSTATE: wait and retry (the database is
 * away), set one record aside (it cannot be stored), or stop (nothing will work until a person
 * fixes the configuration or the schema). The one place that decides it: everything else asks
 * {@link #toSinkException} and acts on the class it gets.
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
        // will not fix. Written in parts, it shows which record, if any, is at fault.
        return Kind.BAD_RECORD;
    }

    /**
     * The failure as the sink acts on it. A {@link SinkException} is already classified and comes
     * back as it is; anything else is classified by its SQLSTATE, a fatal one with a message that
     * says what to check.
     */
    public static SinkException toSinkException(Throwable error, String databaseUrl) {
        if (error instanceof SinkException classified) {
            return classified;
        }
        return switch (classify(error)) {
            case RETRIABLE -> new RetriableSinkException("database " + databaseUrl + " unavailable: " + rootMessage(error), error);
            case BAD_RECORD -> new RecordRefusedException("the database refused a record: " + rootMessage(error), error);
            case FATAL -> new PermanentSinkException(fatalMessage(error, databaseUrl), error);
        };
    }

    public static String sqlState(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** The message of the innermost cause: the driver's own words, without the wrappers'. */
    public static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    private static String fatalMessage(Throwable error, String databaseUrl) {
        String state = sqlState(error);
        String hint = state != null && state.startsWith("28")
                ? "check the database user and password"
                : state != null && state.startsWith("42")
                ? "the database schema is not the one this release expects; run the migrations"
                : "check the database URL";
        return "cannot write to " + databaseUrl + " (SQLSTATE " + state + "): " + rootMessage(error) + " — " + hint;
    }
}
