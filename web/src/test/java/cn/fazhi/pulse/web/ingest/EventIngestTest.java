package cn.fazhi.pulse.web.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import cn.fazhi.pulse.web.WebException;
import org.junit.jupiter.api.Test;

/** Checking a request needs no broker: the publisher is only used once every line is good. */
class EventIngestTest {
    private static final String GOOD = "{\"type\":\"TrainingSessionHeld\",\"event_id\":\"t-1\",\"town_code\":\"120111101000\",\"occurred_at\":\"2023-03-01\","
            + "\"office_id\":\"ylq-sfs\",\"session_id\":\"s-1\",\"training_kind\":\"COLLECTIVE_STUDY\",\"hours\":1.5,\"invited\":10,\"attended\":9}";
    private final EventIngest ingest = new EventIngest(new EventJsonCodec(), null, null, 3);

    @Test
    void shouldNumberLinesFromOneCountingBlankOnesWhenALineIsBad() {
        EventIngest.Checked checked = ingest.check("\n{\"type\":\"TrainingSessionHeld\"}");

        assertThat(checked.accepted()).isFalse();
        assertThat(checked.errors()).allSatisfy(e -> assertThat(e.line()).isEqualTo(2));
    }

    @Test
    void shouldRefuseTheWholeRequestWhenItHasMoreEventsThanAllowed() {
        assertThatThrownBy(() -> ingest.check("{}\n{}\n{}\n{}")).isInstanceOf(WebException.BadRequest.class).hasMessageContaining("at most 3");
    }

    @Test
    void shouldRefuseToPublishWhenTheCheckFoundErrors() {
        EventIngest.Checked checked = ingest.check("not json");

        assertThatThrownBy(() -> ingest.publish(checked, "test")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTolerateAByteOrderMarkWhenTheBodyStartsWithOne() {
        EventIngest.Checked checked = ingest.check("\uFEFF" + GOOD);

        assertThat(checked.errors()).isEmpty();
        assertThat(checked.events()).hasSize(1);
    }
}
