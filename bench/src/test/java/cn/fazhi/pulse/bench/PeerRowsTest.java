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
                + "\",\"2024-01-31T16:30:00Z\",\"" + PeerRows.content(penalty) + "\",,,,,,\"OTHER\"" + ",".repeat(15)
                + ",\"200.50\",,\n");
    }

    @Test
    void shouldFingerprintTheSameContentAlikeWhenOnlyTheCopyDiffersAndApartWhenAnyFieldDoes() {
        // Given a penalty, an equal copy, and a correction of a field the indicators never read
        PenaltyImposed penalty = PenaltyImposed.newBuilder().setEventId("p-1").setTownCode("120111101000")
                .setOccurredAt(Instant.parse("2024-01-31T16:30:00Z")).setPenaltyId("p-1").setCategory(PenaltyCategory.OTHER)
                .setFineYuan(new BigDecimal("200.50")).build();
        PenaltyImposed copy = PenaltyImposed.newBuilder(penalty).build();
        PenaltyImposed corrected = PenaltyImposed.newBuilder(penalty).setOfficeId("司法所").build();

        // When their contents are fingerprinted
        String original = PeerRows.content(penalty);

        // Then the copy is a duplicate and the correction a new version
        assertThat(PeerRows.content(copy)).isEqualTo(original);
        assertThat(PeerRows.content(corrected)).isNotEqualTo(original);
    }
}
