package cn.fazhi.pulse.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CopyTextTest {

    @Test
    void shouldEscapeWhatWouldEndAColumnARowOrAnArrayElement() {
        EvidenceWriter.CopyText rows = new EvidenceWriter.CopyText();

        rows.text("a\tb\\c\nd").text(null).millis(Instant.parse("2024-03-02T01:02:03.456Z")).millis(null)
                .array(List.of("x,y", "q\"uote", "back\\slash", "plain.name", "null", ""), s -> s).numbers(List.of(1L, -2L), n -> n)
                .number(42).last("t");

        assertThat(new String(rows.bytes(), StandardCharsets.UTF_8)).isEqualTo(
                "a\\tb\\\\c\\nd\t\\N\t1709341323456\t\\N\t{\"x,y\",\"q\\\\\"uote\",\"back\\\\\\\\slash\",plain.name,\"null\",\"\"}\t{1,-2}\t42\tt\n");
    }
}
