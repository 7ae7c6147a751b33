package cn.fazhi.pulse.sink;

/**
 * The database refused what a batch holds (a value out of range, a code too long): writing it
 * again will fail again, but the fault is in a record, not in the sink, so the record is found and
 * set aside on the dead-letter topic instead of stopping everything.
 */
public final class RecordRefusedException extends PermanentSinkException {

    public RecordRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
