package cn.fazhi.pulse.embedded;

/**
 * An embedded Kafka broker or PostgreSQL server could not be started, stopped or used.
 *
 * <p>Unchecked because callers (the CLI, the test fixture) cannot recover in place: they report the
 * message, which names the data folder and port involved, and stop. The cause keeps the original
 * failure from Kafka, PostgreSQL or the file system.
 */
public class EmbeddedRuntimeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedRuntimeException(String message) {
        super(message);
    }

    public EmbeddedRuntimeException(String message, Throwable cause) {
        super(message, cause);
    }
}
