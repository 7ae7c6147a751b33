package cn.fazhi.pulse.runtime;

/**
 * The cluster cannot be set up as configured (a replication factor it cannot hold, a principal it
 * refuses): permanent until a person changes the cluster or the settings; the message says which.
 */
public final class SetupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SetupException(String message) {
        super(message);
    }

    public SetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
