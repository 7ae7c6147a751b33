package cn.fazhi.pulse.sink;

/**
 * A failure that no wait will fix. As such it stops the sink, with a message saying what to check
 * (the user and password, the migrations, the URL); its subclass {@link RecordRefusedException}
 * is about one record only, which the sink sets aside and goes on.
 */
public sealed class PermanentSinkException extends SinkException permits RecordRefusedException {

    public PermanentSinkException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public final boolean retriable() {
        return false;
    }
}
