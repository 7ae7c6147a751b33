package cn.fazhi.pulse.testkit;

import java.util.Locale;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * Which backend to start, and why: the pure decision, kept apart from starting anything so that
 * every branch is unit-tested without Docker.
 *
 * @param kind   {@link #EMBEDDED} or {@link #TESTCONTAINERS}
 * @param reason a few words for the test report, e.g. "no Docker engine found"
 */
record BackendChoice(String kind, String reason) {

    static final String EMBEDDED = "embedded";
    static final String TESTCONTAINERS = "testcontainers";

    /**
     * A forced value wins; otherwise Testcontainers where a Docker engine answers, else embedded.
     * The Docker check is only made when nothing is forced, since it can take a moment.
     *
     * @throws ExtensionConfigurationException if the forced value is neither kind
     */
    static BackendChoice choose(Optional<String> forced, BooleanSupplier dockerAvailable) {
        Optional<String> value = forced.map(String::strip).filter(v -> !v.isEmpty()).map(v -> v.toLowerCase(Locale.ROOT));
        if (value.isPresent()) {
            String kind = value.get();
            if (!kind.equals(EMBEDDED) && !kind.equals(TESTCONTAINERS)) {
                throw new ExtensionConfigurationException(PipelineBackends.BACKEND_PROPERTY + " must be '" + EMBEDDED
                        + "' or '" + TESTCONTAINERS + "', was '" + forced.get() + "'");
            }
            return new BackendChoice(kind, "forced by " + PipelineBackends.BACKEND_PROPERTY + "=" + kind);
        }
        return dockerAvailable.getAsBoolean()
                ? new BackendChoice(TESTCONTAINERS, "Docker engine found")
                : new BackendChoice(EMBEDDED, "no Docker engine found");
    }
}
