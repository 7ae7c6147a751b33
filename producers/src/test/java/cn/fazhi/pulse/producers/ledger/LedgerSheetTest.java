package cn.fazhi.pulse.producers.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.json.DecodedEvent;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LedgerSheetTest {
    private final List<LedgerRow> rows = new ArrayList<>();
    private final LedgerSheet sheet = new LedgerSheet(Path.of("台账.xlsx"), "调解受理", Optional.of(EventType.MEDIATION_ACCEPTED),
            new EventJsonCodec(), rows::add);

    @Test
    void shouldSkipTitlesAboveTheHeaderAndCommentsBelowItWhenReadingATable() {
        sheet.row(1, List.of("杨柳青镇人民调解受理台账"), 0);
        sheet.row(2, List.of("受理日期", "区划代码", "调解编号", "纠纷类型"), 0);
        sheet.row(3, List.of("# 示例", "120111101000", "m-0", "邻里"), 0);
        sheet.row(4, List.of("", "", "", ""), 0);
        sheet.row(5, List.of("2024-03-01", "120111101000", "m-1", "邻里"), 0);
        sheet.end(0);

        assertThat(rows).extracting(LedgerRow::row).containsExactly(1L, 3L, 5L);
        assertThat(rows).extracting(LedgerRow::skipped).containsExactly(true, true, false);
        assertThat(rows.get(2).result()).isInstanceOf(DecodedEvent.Accepted.class);
    }

    @Test
    void shouldRefuseTheTableAtItsFirstRowWhenNoRowLooksLikeAHeader() {
        sheet.row(3, List.of("日期", "备注"), 0);
        sheet.row(4, List.of("2024-03-01", "走访"), 0);
        sheet.end(0);

        LedgerRow refused = rows.get(rows.size() - 1);
        assertThat(refused.row()).isEqualTo(3);
        assertThat(((DecodedEvent.Rejected) refused.result()).reason()).contains("找不到表头", "no header row");
        assertThat(refused.place()).isEqualTo("台账.xlsx 工作表 调解受理 第 3 行 / sheet 调解受理 row 3");
    }
}
