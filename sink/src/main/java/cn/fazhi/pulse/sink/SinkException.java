package cn.fazhi.pulse.sink;

/**
 * The sink's root exception, unchecked. Its subclasses say what to do about it:
 * {@link RetriableSinkException} is waited out (the database or the broker is away), a
 * {@link PermanentSinkException} is not (a person must fix the configuration, the schema, or the
 * record). {@code internal.SqlErrors} decides which a database failure is.
 */
public abstract sealed class SinkException extends RuntimeException permits RetriableSinkException, PermanentSinkException {

    protected SinkException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Whether the same work may succeed later without anyone changing anything. */
    public abstract boolean retriable();
}
