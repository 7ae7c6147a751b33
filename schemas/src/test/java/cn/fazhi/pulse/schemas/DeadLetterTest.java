package cn.fazhi.pulse.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    @Test
    void shouldReadBackEveryFieldWhenWrittenToARecord() {
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.SINK, "fazhi.indicators", "2@17", "120111101000", "拒绝 / refused");

        ProducerRecord<String, byte[]> record = letter.record("k", new byte[] {1});

        assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(DeadLetter.from(record.headers())).isEqualTo(letter);
        assertThat(DeadLetter.townOf(record.headers())).isEqualTo("120111101000");
    }

    @Test
    void shouldLeaveTheTownOutWhenItIsNotATwelveDigitCode() {
        DeadLetter letter = new DeadLetter(DeadLetter.Stage.HTTP, "POST /api/events", "3", "12011110100", "bad");

        assertThat(letter.townCode()).isNull();
        assertThat(DeadLetter.townOf(letter.headers())).isNull();
    }

    @Test
    void shouldRefuseADeadLetterWithoutAReason() {
        assertThatThrownBy(() -> new DeadLetter(DeadLetter.Stage.IMPORT, "a.csv", "4", null, " "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldCarryTheStageUnderItsWireName() {
        assertThat(DeadLetter.Stage.ofWireName("import")).isEqualTo(DeadLetter.Stage.IMPORT);
        assertThat(new String(new DeadLetter(DeadLetter.Stage.STREAMS, null, null, null, "r").headers()
                .lastHeader(DeadLetter.STAGE).value())).isEqualTo("streams");
    }
}
