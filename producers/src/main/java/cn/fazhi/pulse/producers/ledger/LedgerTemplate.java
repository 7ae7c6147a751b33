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

    /** The file name of a kind's template: 人民调解台账.xlsx, 信访台账.xlsx, 案件台账.xlsx. */
    public static String entityLedgerFileName(EntityLedgerKind kind) {
        return sheetName(kind) + ".xlsx";
    }

    private static String sheetName(EntityLedgerKind kind) {
        return switch (kind) {
            case MEDIATION -> "人民调解台账";
            case PETITION -> "信访台账";
            case CASE -> "案件台账";
        };
    }

    /** An example row per kind, in the columns' order (town second). */
    private static final Map<EntityLedgerKind, List<String>> EXAMPLES = Map.of(
            EntityLedgerKind.MEDIATION, List.of("2024-调-001", "120111101000", "2024-03-05", "邻里", "调解成功", "2024-03-16", "书面协议", "否", ""),
            EntityLedgerKind.PETITION, List.of("2024-访-001", "120111101000", "2024-03-02", "初信初访", "来访", "2024-03-04", "2024-04-10", "是", "满意"),
            EntityLedgerKind.CASE, List.of("(2024)津0111行初1号", "120111101000", "行政诉讼", "2024-02-17", "2024-05-12、2024-06-20", "是",
                    "胜诉", "2024-07-20", "", "", ""));

    /**
     * The template of an entity ledger, one row per mediation, petition or case: a title row (the
     * import skips it), 序号, the kind's columns (each with a note: what it holds, its values),
     * 备注, an example row starting with {@code #}, and drop-down lists of the Chinese values.
     * Columns a clerk adds for the office's own use, personal data included, are never read.
     */
    public static void writeEntityLedger(EntityLedgerKind kind, Path file) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook()) {
            CellStyle headerStyle = workbook.createCellStyle();
            Font bold = workbook.createFont();
            bold.setBold(true);
            headerStyle.setFont(bold);
            Sheet sheet = workbook.createSheet(sheetName(kind));
            sheet.createRow(0).createCell(0).setCellValue("XX镇" + sheetName(kind) + "（2024年）");
            sheet.getRow(0).getCell(0).setCellStyle(headerStyle);
            Row header = sheet.createRow(1);
            Row example = sheet.createRow(2);
            Drawing<?> drawing = sheet.createDrawingPatriarch();
            DataValidationHelper validations = sheet.getDataValidationHelper();
            header.createCell(0).setCellValue("序号");
            example.createCell(0).setCellValue("# 示例");
            List<EntityLedgerKind.Column> columns = kind.columns();
            for (int i = 0; i < columns.size(); i++) {
                int column = i + 1;
                EntityLedgerKind.Column c = columns.get(i);
                header.createCell(column).setCellValue(c.headers().get(0));
                header.getCell(column).setCellStyle(headerStyle);
                List<String> choices = roleSchema(kind, c.role()).map(LedgerTemplate::choices).orElse(List.of());
                ClientAnchor anchor = workbook.getCreationHelper().createClientAnchor();
                anchor.setCol1(column);
                anchor.setCol2(column + 3);
                anchor.setRow1(1);
                anchor.setRow2(5);
                Comment note = drawing.createCellComment(anchor);
                note.setString(workbook.getCreationHelper().createRichTextString(roleNote(kind, c)
                        + (choices.isEmpty() ? "" : "\n" + String.join(" / ", choices))));
                header.getCell(column).setCellComment(note);
                example.createCell(column).setCellValue(EXAMPLES.get(kind).get(i));
                if (!choices.isEmpty()) {
                    DataValidation list = validations.createValidation(validations.createExplicitListConstraint(choices.toArray(String[]::new)),
                            new CellRangeAddressList(3, VALIDATED_ROWS, column, column));
                    list.setShowErrorBox(false);
                    sheet.addValidationData(list);
                }
                sheet.setColumnWidth(column, (c.role().equals("hearing_dates") || c.role().equals("id") ? 24 : 13) * 256);
            }
            header.createCell(columns.size() + 1).setCellValue("备注");
            header.getCell(0).setCellStyle(headerStyle);
            header.getCell(columns.size() + 1).setCellStyle(headerStyle);
            sheet.setColumnWidth(0, 8 * 256);
            sheet.setColumnWidth(columns.size() + 1, 16 * 256);
            sheet.createFreezePane(0, 2);
            sheet.setPrintGridlines(true); // printed as a ledger looks, one page wide
            sheet.setFitToPage(true);
            sheet.getPrintSetup().setLandscape(true);
            sheet.getPrintSetup().setFitWidth((short) 1);
            sheet.getPrintSetup().setFitHeight((short) 0);
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            try (OutputStream out = Files.newOutputStream(file)) {
                workbook.write(out);
            }
        }
    }

    /** The schema of the event field a column fills, for its values. */
    private static java.util.Optional<Schema> roleSchema(EntityLedgerKind kind, String role) {
        if (role.equals("leader_appeared")) {
            return java.util.Optional.of(LedgerRowDecoder.nonNull(EventType.CASE_HEARING_HELD.schema().getField("leader_appeared").schema()));
        }
        for (EntityLedgerKind.Step step : kind.steps()) {
            if (step.fieldRoles().contains(role)) {
                Schema.Field field = step.type().schema().getField(role.replaceFirst("^(first|second)_", ""));
                return java.util.Optional.of(LedgerRowDecoder.nonNull(field.schema()));
            }
        }
        return java.util.Optional.empty();
    }

    private static String roleNote(EntityLedgerKind kind, EntityLedgerKind.Column column) {
        String role = column.role();
        String also = column.headers().size() > 1 ? "（也可写作 " + String.join("、", column.headers().subList(1, column.headers().size())) + "）" : "";
        if (role.equals("id")) {
            return "每件一个编号，同一乡镇内不重复，以后每月上报不变（必填）" + also;
        }
        if (role.equals("town_code")) {
            return "12位统计用区划代码；整表同一乡镇时可删去此列，导入时用 --town 指定";
        }
        if (role.equals("hearing_dates")) {
            return "每次开庭的日期，多次用顿号隔开：2024-05-12、2024-06-20";
        }
        if (role.equals("leader_appeared")) {
            return "负责人是否出庭应诉：一个“是/否”适用于每次开庭，或按开庭日期逐次填写";
        }
        if (role.endsWith("_date")) {
            return "日期，如 2024-03-05 或 2024/3/5" + also + (kind.steps().get(0).dateRole().equals(role) ? "（必填）" : "（清空即撤回这一步）");
        }
        return column.headers().get(0) + also;
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
