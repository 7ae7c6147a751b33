package cn.fazhi.pulse.report.evidence;

import cn.fazhi.pulse.schemas.ChinaTime;
import cn.fazhi.pulse.store.EvidenceItem;
import cn.fazhi.pulse.store.EvidenceStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.WorkbookUtil;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The items behind a figure as a table with Chinese headers: one row per item, the same columns in
 * the CSV download, the Excel download and the report's evidence workbook.
 */
public final class EvidenceTable {
    /** The columns, in order. */
    public static final List<String> HEADERS = List.of("镇街代码", "类别", "编号", "状态", "开始时间", "结束时间", "计入分子", "计入分母",
            "分子数额", "分母数额", "事件（编号 类型 发生时间 报送时间 报送人 更正/撤回）", "更新时间", "退回行（来源 位置：原因）");
    private static final int NUMERATOR_AMOUNT = 8;
    private static final int DENOMINATOR_AMOUNT = 9;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ChinaTime.ZONE);

    private EvidenceTable() {}

    /**
     * One sheet of the workbook: a figure's name, its items, and the figure as stored, which the
     * sheet's total row is checked against when the items are all those of the figure.
     *
     * @param whole the items are all those of the figure, not only those of its numerator or the rest
     * @param numerator null when the scope has no such figure
     * @param denominator null for a count or an amount
     */
    public record Part(String sheetName, String title, List<EvidenceItem> items, boolean whole, BigDecimal numerator, BigDecimal denominator) {}

    public static List<String> row(EvidenceItem item) {
        List<String> cells = new ArrayList<>(HEADERS.size());
        cells.add(item.townCode());
        cells.add(kind(item.kind()));
        cells.add(item.entityId());
        cells.add(state(item.state()));
        cells.add(time(item.openedAt()));
        cells.add(time(item.closedAt()));
        cells.add(item.inNumerator() ? "是" : "否");
        cells.add(item.inDenominator() ? "是" : "否");
        cells.add(amount(item.numeratorAmount()));
        cells.add(amount(item.denominatorAmount()));
        cells.add(item.events().stream().map(EvidenceTable::event).collect(Collectors.joining("；")));
        cells.add(time(item.updatedAt()));
        cells.add(rejection(item.rejection()));
        return cells;
    }

    /** Where a refused row is and why, for a clerk to find and fix it; empty for an entity. */
    private static String rejection(EvidenceItem.Rejection rejection) {
        if (rejection == null) {
            return "";
        }
        String place = java.util.stream.Stream.of(rejection.source(), rejection.position()).filter(java.util.Objects::nonNull)
                .collect(Collectors.joining(" "));
        return (place.isEmpty() ? "" : place + "：") + rejection.reason();
    }

    /** The whole list as CSV, UTF-8 with a byte-order mark so that Excel reads the Chinese. */
    public static byte[] csv(List<EvidenceItem> items) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        csv.append(HEADERS.stream().map(EvidenceTable::quoted).collect(Collectors.joining(","))).append("\r\n");
        for (EvidenceItem item : items) {
            csv.append(row(item).stream().map(EvidenceTable::quoted).collect(Collectors.joining(","))).append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A workbook with one sheet per part: a title line, the headers, one row per item. */
    public static byte[] xlsx(List<Part> parts) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle bold = workbook.createCellStyle();
            Font font = workbook.createFont();
            font.setBold(true);
            bold.setFont(font);
            List<String> used = new ArrayList<>();
            for (Part part : parts) {
                String name = WorkbookUtil.createSafeSheetName(part.sheetName());
                for (int n = 2; used.contains(name); n++) {
                    name = WorkbookUtil.createSafeSheetName(part.sheetName() + " " + n);
                }
                used.add(name);
                Sheet sheet = workbook.createSheet(name);
                sheet.createRow(0).createCell(0).setCellValue(part.title());
                Row headers = sheet.createRow(1);
                for (int c = 0; c < HEADERS.size(); c++) {
                    headers.createCell(c).setCellValue(HEADERS.get(c));
                    headers.getCell(c).setCellStyle(bold);
                }
                int r = 2;
                for (EvidenceItem item : part.items()) {
                    Row row = sheet.createRow(r++);
                    List<String> cells = row(item);
                    for (int c = 0; c < cells.size(); c++) {
                        if ((c == NUMERATOR_AMOUNT || c == DENOMINATOR_AMOUNT) && !cells.get(c).isEmpty()) {
                            row.createCell(c).setCellValue(Double.parseDouble(cells.get(c)));
                        } else {
                            row.createCell(c).setCellValue(cells.get(c));
                        }
                    }
                }
                if (!part.items().isEmpty()) {
                    totalRow(sheet.createRow(r), part, bold);
                }
                sheet.createFreezePane(0, 2);
                for (int c = 0; c < 4; c++) {
                    sheet.setColumnWidth(c, 16 * 256);
                }
            }
            if (parts.isEmpty()) {
                workbook.createSheet("无");
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the evidence workbook", e);
        }
    }

    /**
     * 合计: the amounts summed by formulas a reader can follow (with their values, for readers that
     * do not calculate), and whether they are the figure the sheet's title gives.
     */
    private static void totalRow(Row row, Part part, CellStyle bold) {
        int last = row.getRowNum(); // the items are on the rows above, 3 to this one in Excel's numbering
        BigDecimal numerator = part.items().stream().map(EvidenceItem::numeratorAmount).filter(Objects::nonNull)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        boolean rate = part.items().stream().anyMatch(i -> i.denominatorAmount() != null);
        BigDecimal denominator = part.items().stream().map(EvidenceItem::denominatorAmount).filter(Objects::nonNull)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        row.createCell(0).setCellValue("合计");
        row.getCell(0).setCellStyle(bold);
        row.createCell(2).setCellValue("共 " + part.items().size() + " 项");
        sum(row.createCell(NUMERATOR_AMOUNT), "I", last, numerator, bold);
        if (rate) {
            sum(row.createCell(DENOMINATOR_AMOUNT), "J", last, denominator, bold);
        }
        if (!part.whole()) {
            return; // a part of the list adds up to a part of the figure, which is not stored
        }
        boolean addsUp = EvidenceStore.addsUp(part.numerator(), part.denominator(), numerator, rate ? denominator : null);
        row.createCell(NUMERATOR_AMOUNT + 2).setCellValue(addsUp ? "与指标数一致 ✓"
                : "与指标数不符：指标为 " + figure(part.numerator(), part.denominator()) + "（证据或指标仍在写入，如批量导入中；稍后重新导出）");
    }

    private static void sum(Cell cell, String column, int lastRow, BigDecimal value, CellStyle bold) {
        cell.setCellFormula("SUM(" + column + "3:" + column + lastRow + ")");
        cell.setCellValue(value.doubleValue()); // the formula's cached value
        cell.setCellStyle(bold);
    }

    private static String event(EvidenceItem.Event e) {
        String flags = (e.corrected() ? " 已更正" : "") + (e.retracted() ? " 已撤回" : "");
        return e.eventId() + " " + e.type() + " " + time(e.occurredAt()) + " " + time(e.arrivedAt())
                + (e.submitter() == null ? "" : " " + e.submitter()) + flags;
    }

    /** The Chinese name of an item's kind. */
    public static String kind(String kind) {
        return switch (kind) {
            case "CASE" -> "案件";
            case "MEDIATION" -> "调解";
            case "PETITION" -> "信访";
            case "TRAINING_SESSION" -> "学法培训";
            case "EXAM" -> "考试";
            case "PUBLICITY_ACTIVITY" -> "普法活动";
            case "LEGAL_OPINION" -> "法律意见";
            case "LEGAL_CONSULTATION" -> "法律咨询";
            case "VILLAGE_ADVISOR" -> "村居法律顾问";
            case "INSPECTION" -> "行政检查";
            case "PENALTY" -> "行政处罚";
            case "NORMATIVE_DOCUMENT" -> "规范性文件";
            case "MAJOR_DECISION" -> "重大行政决策";
            case "TOWN" -> "镇街登记";
            case "REJECTED" -> "退回记录";
            default -> kind;
        };
    }

    /** The Chinese name of an item's state, e.g. SUCCESS 调解成功; unknown states as they are. */
    public static String state(String state) {
        return switch (state) {
            case "ACCEPTED" -> "受理中";
            case "SUCCESS" -> "调解成功";
            case "FAILED" -> "调解不成";
            case "WITHDRAWN" -> "撤回调解";
            case "RECEIVED" -> "已登记";
            case "CLOSED" -> "已办结";
            case "FILED" -> "已立案";
            case "APPEALED" -> "上诉中";
            case "WAITING" -> "待匹配";
            case "RETRACTED" -> "已撤回";
            case "RECORDED" -> "已记录";
            case "ACTIVE" -> "在任";
            case "INACTIVE" -> "已离任";
            case "REGISTERED" -> "已登记";
            case "REJECTED" -> "已退回";
            case "FIXED" -> "已更正";
            default -> state.startsWith("FIRST_") ? "一审" + outcome(state.substring(6))
                    : state.startsWith("SECOND_") ? "二审" + outcome(state.substring(7)) : state;
        };
    }

    private static String outcome(String outcome) {
        return switch (outcome) {
            case "WON" -> "胜诉";
            case "LOST" -> "败诉";
            case "MEDIATED" -> "调解结案";
            case "WITHDRAWN" -> "撤诉";
            case "TERMINATED" -> "终止";
            case "REMANDED" -> "发回重审";
            case "CORRECTED" -> "纠错";
            case "UPHELD" -> "维持";
            default -> outcome;
        };
    }

    /** A figure as a title shows it: {@code 140}, {@code 139/139} for a rate, 暂无 when there is none. */
    public static String figure(BigDecimal numerator, BigDecimal denominator) {
        return numerator == null ? "暂无" : amount(numerator) + (denominator == null ? "" : "/" + amount(denominator));
    }

    private static String amount(BigDecimal amount) {
        return amount == null ? "" : amount.stripTrailingZeros().toPlainString();
    }

    private static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    private static String quoted(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n") ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
    }
}
