package cn.fazhi.pulse.report.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.store.EvidenceItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvidenceTableTest {
    private static final Instant AT = Instant.parse("2024-03-05T02:00:00Z");

    @Test
    void shouldSayWhereARefusedRowIsAndWhyWhenTheItemIsARejection() {
        EvidenceItem refused = item("REJECTED", new EvidenceItem.Rejection("人民调解台账.csv", "row 4", "受理日期：不是日期 / not a date"));

        List<String> row = EvidenceTable.row(refused);

        assertThat(row).hasSameSizeAs(EvidenceTable.HEADERS);
        assertThat(row.get(3)).isEqualTo("已退回");
        assertThat(row.get(row.size() - 1)).isEqualTo("人民调解台账.csv row 4：受理日期：不是日期 / not a date");
    }

    @Test
    void shouldLeaveTheRefusedRowEmptyWhenTheItemIsAnEntity() {
        List<String> row = EvidenceTable.row(item("ACCEPTED", null));

        assertThat(row.get(row.size() - 1)).isEmpty();
    }

    private static EvidenceItem item(String state, EvidenceItem.Rejection rejection) {
        return new EvidenceItem("k", "120111101000", rejection == null ? "MEDIATION" : "REJECTED", "m-1", state, AT, null, true, false,
                BigDecimal.ONE, null, List.of(), AT, rejection);
    }
}
