package cn.fazhi.pulse.producers;

/**
 * The producers' root exception, unchecked. Its subclasses say what went wrong:
 * {@link InvalidEventException} (refused before sending, permanent) and
 * {@link DeliveryFailedException} (not acknowledged by the broker, maybe retriable).
 */
public class PublishException extends RuntimeException {
    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
