package cn.fazhi.pulse.report.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.store.EvidenceItem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
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

    @Test
    void shouldTotalTheItemsAndSayTheyAreTheFigureWhenTheyAddUp() throws IOException {
        // Given a rate's two items: one succeeded, one still open
        List<EvidenceItem> items = List.of(rated("m-1", 1), rated("m-2", 0));

        // When the whole list is written, against the figure 1/2
        Row total = totalRow(new EvidenceTable.Part("调解成功率", "t", items, true, BigDecimal.ONE, BigDecimal.valueOf(2)));

        // Then its last row sums both columns and says they are the figure
        assertThat(total.getCell(0).getStringCellValue()).isEqualTo("合计");
        assertThat(total.getCell(8).getCellFormula()).isEqualTo("SUM(I3:I4)");
        assertThat(total.getCell(8).getNumericCellValue()).isEqualTo(1.0);
        assertThat(total.getCell(9).getCellFormula()).isEqualTo("SUM(J3:J4)");
        assertThat(total.getCell(9).getNumericCellValue()).isEqualTo(2.0);
        assertThat(total.getCell(10).getStringCellValue()).isEqualTo("与指标数一致 ✓");
    }

    @Test
    void shouldSayTheItemsAreNotTheFigureWhenTheyDoNotAddUp() throws IOException {
        Row total = totalRow(new EvidenceTable.Part("调解成功率", "t", List.of(rated("m-1", 1)), true, BigDecimal.ONE, BigDecimal.valueOf(2)));

        assertThat(total.getCell(10).getStringCellValue()).startsWith("与指标数不符：指标为 1/2");
    }

    @Test
    void shouldTotalWithoutCheckingWhenTheListIsOnlyPartOfTheFigure() throws IOException {
        Row total = totalRow(new EvidenceTable.Part("调解成功率", "t", List.of(rated("m-1", 1)), false, BigDecimal.ONE, BigDecimal.valueOf(2)));

        assertThat(total.getCell(8).getNumericCellValue()).isEqualTo(1.0);
        assertThat(total.getCell(10)).isNull();
    }

    private static Row totalRow(EvidenceTable.Part part) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(EvidenceTable.xlsx(List.of(part))))) {
            Sheet sheet = workbook.getSheetAt(0);
            assertThat(sheet.getLastRowNum()).isEqualTo(2 + part.items().size());
            return sheet.getRow(sheet.getLastRowNum());
        }
    }

    private static EvidenceItem rated(String id, int succeeded) {
        return new EvidenceItem("k|" + id, "120111101000", "MEDIATION", id, succeeded == 1 ? "SUCCESS" : "ACCEPTED", AT, null, succeeded == 1,
                true, BigDecimal.valueOf(succeeded), BigDecimal.ONE, List.of(), AT, null);
    }

    private static EvidenceItem item(String state, EvidenceItem.Rejection rejection) {
        return new EvidenceItem("k", "120111101000", rejection == null ? "MEDIATION" : "REJECTED", "m-1", state, AT, null, true, false,
                BigDecimal.ONE, null, List.of(), AT, rejection);
    }
}
