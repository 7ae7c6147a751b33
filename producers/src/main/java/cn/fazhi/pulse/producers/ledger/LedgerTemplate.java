package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.producers.ExampleEvents;
import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.schemas.EventType;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.ClientAnchor;
import org.apache.poi.ss.usermodel.Comment;
import org.apache.poi.ss.usermodel.DataValidation;
import org.apache.poi.ss.usermodel.DataValidationHelper;
import org.apache.poi.ss.usermodel.Drawing;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddressList;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The template workbook of {@code fazhi import --template}: one sheet per event type, named after
 * it, with Chinese column names (each with a note giving its field, whether it is required and
 * its values), an example row that starts with {@code #} so the import skips it, and drop-down
 * lists for the columns with a fixed set of values.
 */
public final class LedgerTemplate {
    /** Rows offered the drop-down lists, enough for a year of a busy town's ledger. */
    private static final int VALIDATED_ROWS = 5000;

    private LedgerTemplate() {}

    public static void write(Path file) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            CellStyle header = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            header.setFont(bold);
            CellStyle date = workbook.createCellStyle();
            date.setDataFormat(workbook.createDataFormat().getFormat("yyyy-mm-dd"));
            for (Map.Entry<EventType, SpecificRecord> example : ExampleEvents.all().entrySet()) {
                sheet(workbook, example.getKey(), example.getValue(), header, date);
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
        }
    }

    private static void sheet(XSSFWorkbook workbook, EventType type, SpecificRecord example, CellStyle headerStyle, CellStyle dateStyle) {
        Sheet sheet = workbook.createSheet(type.typeName());
        Row header = sheet.createRow(0);
        Row exampleRow = sheet.createRow(1);
        Drawing<?> drawing = sheet.createDrawingPatriarch();
        DataValidationHelper validations = sheet.getDataValidationHelper();
        List<Schema.Field> fields = type.schema().getFields();
        for (int column = 0; column < fields.size(); column++) {
            Schema.Field field = fields.get(column);
            Schema schema = LedgerRowDecoder.nonNull(field.schema());
            header.createCell(column).setCellValue(LedgerVocabulary.chineseHeader(type, field.name()));
            header.getCell(column).setCellStyle(headerStyle);
            header.getCell(column).setCellComment(note(workbook, drawing, column, field, schema));
            exampleCell(exampleRow, column, example.get(field.pos()), schema, dateStyle);
            List<String> choices = choices(schema);
            if (!choices.isEmpty()) {
                DataValidation list = validations.createValidation(
                        validations.createExplicitListConstraint(choices.toArray(String[]::new)),
                        new CellRangeAddressList(1, VALIDATED_ROWS, column, column));
                list.setShowErrorBox(false); // a clerk may type the English symbol too
                sheet.addValidationData(list);
            }
            sheet.setColumnWidth(column, 16 * 256);
        }
        exampleRow.getCell(0).setCellValue("# 示例行，导入时跳过 / example row, skipped");
        sheet.createFreezePane(0, 1);
    }

    private static void exampleCell(Row row, int column, Object value, Schema schema, CellStyle dateStyle) {
        if (value == null) {
            row.createCell(column);
        } else if (value instanceof Instant instant) {
            row.createCell(column).setCellValue(instant.atZone(ChinaTime.ZONE).toLocalDate());
            row.getCell(column).setCellStyle(dateStyle);
        } else if (value instanceof BigDecimal decimal) {
            row.createCell(column).setCellValue(decimal.doubleValue());
        } else if (value instanceof Integer number) {
            row.createCell(column).setCellValue(number);
        } else if (value instanceof Boolean yes) {
            row.createCell(column).setCellValue(yes ? "是" : "否");
        } else if (schema.getType() == Schema.Type.ENUM) {
            row.createCell(column).setCellValue(LedgerVocabulary.chineseLabel(schema.getName(), value.toString()).orElse(value.toString()));
        } else {
            row.createCell(column).setCellValue(value.toString());
        }
    }

    private static Comment note(XSSFWorkbook workbook, Drawing<?> drawing, int column, Schema.Field field, Schema schema) {
        ClientAnchor anchor = workbook.getCreationHelper().createClientAnchor();
        anchor.setCol1(column);
        anchor.setCol2(column + 3);
        anchor.setRow1(0);
        anchor.setRow2(4);
        Comment comment = drawing.createCellComment(anchor);
        boolean required = !field.hasDefaultValue() && !field.name().equals("event_id");
        String values = choices(schema).isEmpty() ? "" : "\n" + String.join(" / ", choices(schema));
        comment.setString(workbook.getCreationHelper().createRichTextString(
                field.name() + (required ? "（必填 required）" : "（可空 optional）") + values));
        return comment;
    }

    private static List<String> choices(Schema schema) {
        if (schema.getType() == Schema.Type.BOOLEAN) {
            return List.of("是", "否");
        }
        if (schema.getType() == Schema.Type.ENUM) {
            return schema.getEnumSymbols().stream()
                    .map(s -> LedgerVocabulary.chineseLabel(schema.getName(), s).orElse(s)).toList();
        }
        return List.of();
    }
}
