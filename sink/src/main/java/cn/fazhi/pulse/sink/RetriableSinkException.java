package cn.fazhi.pulse.sink;

/**
 * A failure that waiting may fix: the database or the broker is unreachable, restarting, or out
 * of a resource. The sink pauses and retries; if it stops meanwhile, what it read is read again.
 */
public final class RetriableSinkException extends SinkException {

    public RetriableSinkException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public boolean retriable() {
        return true;
    }
}
