package cn.fazhi.pulse.testkit;

/**
 * The test backends could not be started or driven (Docker, JDBC or the embedded servers failed).
 * The message says which backend and what it was doing.
 */
public final class TestkitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TestkitException(String message) {
        super(message);
    }

    public TestkitException(String message, Throwable cause) {
        super(message, cause);
    }
}
