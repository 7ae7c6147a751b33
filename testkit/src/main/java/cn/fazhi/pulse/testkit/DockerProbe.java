package cn.fazhi.pulse.testkit;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import cn.fazhi.pulse.embedded.QuietLogging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;

/**
 * Asks Testcontainers, once per JVM, whether a Docker engine answers.
 *
 * <p>Without an engine Testcontainers answers in well under a second, but logs an ERROR with every
 * strategy it tried; here that is an expected answer, so its loggers are silenced for the check.
 * A misconfigured DOCKER_HOST could make the check hang, so it runs on its own thread and counts
 * as "no engine" after {@value #TIMEOUT_SECONDS} seconds.
 */
final class DockerProbe {

    private static final long TIMEOUT_SECONDS = 20;
    private static final List<String> PROBE_LOGGERS =
            List.of("org.testcontainers.dockerclient", "org.testcontainers.DockerClientFactory");
    private static final Logger LOG = LoggerFactory.getLogger(DockerProbe.class);

    private DockerProbe() {
    }

    static boolean isDockerAvailable() {
        return Answer.AVAILABLE;
    }

    /** Holder idiom: the check runs on first use, once, and is thread-safe. */
    private static final class Answer {
        static final boolean AVAILABLE = ask();
    }

    private static boolean ask() {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        Thread probe = new Thread(() -> {
            try {
                answer.complete(QuietLogging.silenced(PROBE_LOGGERS,
                        () -> DockerClientFactory.instance().isDockerAvailable()));
            } catch (RuntimeException | LinkageError e) {
                answer.completeExceptionally(e);
            }
        }, "fazhi-testkit-docker-probe");
        probe.setDaemon(true);
        probe.start();
        try {
            return answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("no answer from Docker within {} s; using the embedded backend", TIMEOUT_SECONDS);
            return false;
        } catch (ExecutionException e) {
            LOG.warn("Docker check failed ({}); using the embedded backend", e.getCause().toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
