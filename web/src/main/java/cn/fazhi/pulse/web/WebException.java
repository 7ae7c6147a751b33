package cn.fazhi.pulse.web;

/**
 * The root of what the HTTP layer refuses: a status and a message in Chinese and English, sent as
 * {@code {"error": "...", "错误": "..."}}. Bad input is never a 500.
 */
public abstract class WebException extends RuntimeException {
    private final int status;
    private final String messageZh;

    protected WebException(int status, String messageZh, String messageEn) {
        super(messageEn);
        this.status = status;
        this.messageZh = messageZh;
    }

    public int status() {
        return status;
    }

    public String messageZh() {
        return messageZh;
    }

    /** A malformed or missing parameter: 400. */
    public static final class BadRequest extends WebException {
        public BadRequest(String messageZh, String messageEn) {
            super(400, messageZh, messageEn);
        }
    }

    /** A well-formed name of something that does not exist (a scope, an indicator, a report): 404. */
    public static final class NotFound extends WebException {
        public NotFound(String messageZh, String messageEn) {
            super(404, messageZh, messageEn);
        }
    }

    /** A request body above the size limit: 413. */
    public static final class TooLarge extends WebException {
        public TooLarge(String messageZh, String messageEn) {
            super(413, messageZh, messageEn);
        }
    }

    /** No credentials, or credentials that are not valid (unknown, expired, revoked): 401. */
    public static final class Unauthorized extends WebException {
        public Unauthorized(String messageZh, String messageEn) {
            super(401, messageZh, messageEn);
        }
    }

    /** Valid credentials that do not reach what was asked (its scope, its role, a missing CSRF token): 403. */
    public static final class Forbidden extends WebException {
        public Forbidden(String messageZh, String messageEn) {
            super(403, messageZh, messageEn);
        }
    }

    /** Too many failed sign-ins for an account or from an address: 429. */
    public static final class TooManyRequests extends WebException {
        private final long retryAfterSeconds;

        public TooManyRequests(String messageZh, String messageEn, long retryAfterSeconds) {
            super(429, messageZh, messageEn);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
