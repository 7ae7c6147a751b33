package cn.fazhi.pulse.sink;

/** The sink's root exception: retriable failures are waited out, permanent ones are not. */
public class SinkException extends RuntimeException {
    private final boolean retriable;

    public SinkException(String message, boolean retriable, Throwable cause) {
        super(message, cause);
        this.retriable = retriable;
    }

    public boolean retriable() {
        return retriable;
    }
}
