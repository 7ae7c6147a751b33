package cn.fazhi.pulse.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class BackendChoiceTest {

    private static final BooleanSupplier DOCKER = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier MUST_NOT_ASK = () -> {
        throw new AssertionError("Docker must not be probed when a backend is forced");
    };

    @Test
    void shouldChooseEmbeddedWhenNoDockerEngineAnswers() {
        // When
        BackendChoice choice = BackendChoice.choose(Optional.empty(), NO_DOCKER);

        // Then
        assertThat(choice.kind()).isEqualTo("embedded");
        assertThat(choice.reason()).isEqualTo("no Docker engine found");
    }

    @Test
    void shouldChooseTestcontainersWhenDockerEngineAnswers() {
        // When
        BackendChoice choice = BackendChoice.choose(Optional.empty(), DOCKER);

        // Then
        assertThat(choice.kind()).isEqualTo("testcontainers");
        assertThat(choice.reason()).isEqualTo("Docker engine found");
    }

    @Test
    void shouldChooseForcedBackendWithoutProbingDockerWhenPropertyIsSet() {
        // When
        BackendChoice embedded = BackendChoice.choose(Optional.of("embedded"), MUST_NOT_ASK);
        BackendChoice containers = BackendChoice.choose(Optional.of(" TestContainers "), MUST_NOT_ASK);

        // Then
        assertThat(embedded.kind()).isEqualTo("embedded");
        assertThat(embedded.reason()).isEqualTo("forced by fazhi.test.backend=embedded");
        assertThat(containers.kind()).isEqualTo("testcontainers");
    }

    @Test
    void shouldProbeDockerWhenPropertyIsBlank() {
        // When
        BackendChoice choice = BackendChoice.choose(Optional.of("  "), NO_DOCKER);

        // Then
        assertThat(choice.kind()).isEqualTo("embedded");
    }

    @Test
    void shouldRejectPropertyWhenItNamesNoKnownBackend() {
        // When / Then
        assertThatThrownBy(() -> BackendChoice.choose(Optional.of("docker"), MUST_NOT_ASK))
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageContaining("fazhi.test.backend")
                .hasMessageContaining("'docker'");
    }
}
