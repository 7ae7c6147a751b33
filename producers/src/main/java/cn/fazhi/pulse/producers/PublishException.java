package cn.fazhi.pulse.producers;

/** The producers' root exception. */
public class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
