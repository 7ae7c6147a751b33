package cn.fazhi.pulse.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.events.PenaltyCategory;
import cn.fazhi.pulse.events.PenaltyImposed;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerRowsTest {

    @Test
    void shouldQuoteTextAndLeaveAbsentFieldsEmptyWhenTheEventTypeLacksThem() {
        // Given a penalty whose id holds a quote and a comma
        PenaltyImposed penalty = PenaltyImposed.newBuilder().setEventId("p\"1,x").setTownCode("120111101000")
                .setOccurredAt(Instant.parse("2024-01-31T16:30:00Z")).setPenaltyId("p-1").setCategory(PenaltyCategory.OTHER)
                .setFineYuan(new BigDecimal("200.50")).build();

        // When it becomes a CSV line
        StringBuilder line = new StringBuilder();
        PeerRows.appendCsv(line, 7, penalty);

        // Then text is quoted with the quote doubled, typed fields it has are filled, the others empty (NULL)
        assertThat(line.toString()).isEqualTo("7,\"p\"\"1,x\",\"PenaltyImposed\",\"120111101000\",\"" + "120111101000|penalty|p-1"
                + "\",\"2024-01-31T16:30:00Z\",,,,,,\"OTHER\",,,,,,,\"200.50\"\n");
    }
}
