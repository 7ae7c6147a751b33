package cn.fazhi.pulse.report.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TargetsTest {

    @Test
    void shouldReadRatesAsPercentOrFractionAndCountsWhenTheFileIsValid(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("targets.properties"), "mediation.success_rate = 95%\nexam.pass_rate = 0.9\ndq.rejected = 2\n");

        Targets targets = Targets.fromFile(file);

        assertThat(targets.minimumRates()).containsEntry("mediation.success_rate", 0.95).containsEntry("exam.pass_rate", 0.9).hasSize(2);
        assertThat(targets.maximumCounts()).containsEntry("dq.rejected", 2L);
    }

    @Test
    void shouldNameTheFileAndEveryBadKeyWhenTargetsAreWrong(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("targets.properties"), "mediation.success_rate = 全部\nmediation.sucess_rate = 100%\n");

        assertThatThrownBy(() -> Targets.fromFile(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ": mediation.success_rate = 全部 不是目标值")
                .hasMessageContaining("is not a target")
                .hasMessageContaining(file + ": mediation.sucess_rate 不是指标编号 / is not an indicator id");
    }
}
