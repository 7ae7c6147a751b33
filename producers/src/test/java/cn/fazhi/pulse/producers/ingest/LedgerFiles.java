package cn.fazhi.pulse.producers.ingest;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The three ledgers of the import tests, each with good and bad rows, every mediation id
 * carrying {@code run} so that a test finds its own events on the shared broker. The bad rows
 * are at: JSON Lines lines 2 and 4; CSV rows 3 and 5; Excel 调解受理 row 5 and MediationConcluded
 * row 3.
 */
final class LedgerFiles {
    static final int GOOD_JSONL = 3;
    static final int GOOD_CSV = 3;
    static final int GOOD_XLSX = 3;

    private LedgerFiles() {}

    static Path jsonLines(Path dir, String run) throws IOException {
        return Files.write(dir.resolve("mediations.jsonl"), List.of(
                "{\"type\":\"MediationAccepted\",\"event_id\":\"" + run + "-j1\",\"town_code\":\"120111101000\",\"occurred_at\":\"2024-01-06\",\"mediation_id\":\"" + run + "-j1\",\"dispute_type\":\"NEIGHBOR\"}",
                "{\"type\":\"MediationAccepted\",\"event_id\":\"" + run + "-j2\",\"town_code\":\"120111101000\",\"occurred_at\":\"2024-01-07\",\"dispute_type\":\"NEIGHBOR\"}",
                "{\"type\":\"MediationAccepted\",\"event_id\":\"" + run + "-j3\",\"town_code\":\"120111101000\",\"occurred_at\":\"2024-01-08\",\"mediation_id\":\"" + run + "-j3\",\"dispute_type\":\"LABOR\"}",
                "{\"type\":\"MediationAccepted\", oops",
                "{\"type\":\"MediationConcluded\",\"event_id\":\"" + run + "-j3c\",\"town_code\":\"120111101000\",\"occurred_at\":\"2024-01-20\",\"mediation_id\":\"" + run + "-j3\",\"outcome\":\"FAILED\"}"),
                StandardCharsets.UTF_8);
    }

    /** UTF-8 with a byte-order mark, as Excel saves "CSV UTF-8"; the type row by row in Chinese. */
    static Path csv(Path dir, String run) throws IOException {
        String text = "\uFEFF事件类型,受理日期,区划代码,调解编号,纠纷类型,调解结果,协议形式\n"
                + "调解受理,2024/2/1,120111101000," + run + "-c1,邻里,,\n"
                + "调解受理,2024/2/2,120111101000," + run + "-c2,吵架,,\n"
                + "调解受理,2024/2/3,120111101000," + run + "-c3,\"婚姻家庭\",,\n"
                + "调解结案,2024/13/1,120111101000," + run + "-c1,,调解成功,口头协议\n"
                + "调解结案,2024/2/20,120111101000," + run + "-c1,,调解成功,口头协议\n";
        return Files.writeString(dir.resolve("台账.csv"), text, StandardCharsets.UTF_8);
    }

    /** A title row above the header, real date cells, the type from each sheet's name. */
    static Path xlsx(Path dir, String run) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy/m/d"));
            Sheet accepted = workbook.createSheet("调解受理");
            accepted.createRow(0).createCell(0).setCellValue("杨柳青镇人民调解受理台账（2024年）");
            row(accepted, 1, date, "受理日期", "区划代码", "调解编号", "纠纷类型");
            row(accepted, 2, date, LocalDate.of(2024, 3, 1), 120111101000.0, run + "-x1", "物业");
            row(accepted, 3, date, LocalDate.of(2024, 3, 2), "120111101000", run + "-x2", "LABOR");
            row(accepted, 4, date, LocalDate.of(2024, 3, 3), "120111101000", "", "邻里");
            Sheet concluded = workbook.createSheet("MediationConcluded");
            row(concluded, 0, date, "结案日期", "区划代码", "调解编号", "调解结果", "协议形式", "是否民转刑");
            row(concluded, 1, date, LocalDate.of(2024, 3, 9), "120111101000", run + "-x1", "调解成功", "书面协议", "否");
            row(concluded, 2, date, LocalDate.of(2024, 3, 9), "120111101000", run + "-x2", "调解成功", "", "否");
            Path file = dir.resolve("台账.xlsx");
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
            return file;
        }
    }

    private static void row(Sheet sheet, int index, CellStyle dateStyle, Object... values) {
        Row row = sheet.createRow(index);
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof LocalDate day) {
                row.createCell(i).setCellValue(day);
                row.getCell(i).setCellStyle(dateStyle);
            } else if (values[i] instanceof Double number) {
                row.createCell(i).setCellValue(number);
            } else {
                row.createCell(i).setCellValue((String) values[i]);
            }
        }
    }
}
