package cn.fazhi.pulse.producers.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.ParserConfigurationException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;

/**
 * An Excel .xlsx ledger, read with POI's streaming (SAX) reader so a sheet of a million rows
 * does not sit in memory. Each sheet is a table: its type from a {@code type} column or from the
 * sheet's name (MediationAccepted, 调解受理). Dates become ISO dates, numbers are written
 * without Excel's formatting (120111101000, not 1.20111E+11).
 */
final class XlsxLedgerReader implements LedgerReader {
    private final TableSheet.Factory sheets;

    XlsxLedgerReader(TableSheet.Factory sheets) {
        this.sheets = sheets;
    }

    @Override
    public void read(Path file) {
        long size = size(file);
        try (OPCPackage pkg = OPCPackage.open(file.toFile(), PackageAccess.READ)) {
            XSSFReader workbook = new XSSFReader(pkg);
            XSSFReader.SheetIterator parts = workbook.getSheetIterator();
            List<String> names = new ArrayList<>();
            List<InputStream> streams = new ArrayList<>();
            while (parts.hasNext()) {
                streams.add(parts.next());
                names.add(parts.getSheetName());
            }
            for (int i = 0; i < streams.size(); i++) {
                long done = size * (i + 1) / streams.size(); // progress by sheet: the zip's sizes say little about rows
                TableSheet sheet = sheets.sheet(file, names.get(i), LedgerVocabulary.typeOf(names.get(i)));
                XMLReader parser = XMLHelper.newXMLReader();
                parser.setContentHandler(new XSSFSheetXMLHandler(workbook.getStylesTable(), workbook.getSharedStringsTable(),
                        new Rows(sheet, done), new PlainFormatter(), false));
                try (InputStream in = streams.get(i)) {
                    parser.parse(new InputSource(in));
                }
                sheet.end(done);
            }
        } catch (IOException | OpenXML4JException | SAXException | ParserConfigurationException | org.apache.poi.UnsupportedFileFormatException e) {
            throw new LedgerFormatException(file, "不是可读的 Excel .xlsx 工作簿：" + e.getMessage(), "not a readable Excel .xlsx workbook: " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new LedgerFormatException(file, "无法读取", "cannot read", e);
        }
    }

    /** Collects a row's cells by column (a blank cell is absent from the XML) and hands the row on. */
    private static final class Rows implements XSSFSheetXMLHandler.SheetContentsHandler {
        private final TableSheet sheet;
        private final long bytesDone;
        private final List<String> cells = new ArrayList<>();

        Rows(TableSheet sheet, long bytesDone) {
            this.sheet = sheet;
            this.bytesDone = bytesDone;
        }

        @Override
        public void startRow(int rowNum) {
            cells.clear();
        }

        @Override
        public void endRow(int rowNum) {
            sheet.row(rowNum + 1L, new ArrayList<>(cells), bytesDone);
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            int column = new CellReference(reference).getCol();
            while (cells.size() < column) {
                cells.add("");
            }
            cells.add(value == null ? "" : value);
        }
    }

    /** Numbers as plain decimals and date-formatted numbers as ISO dates, whatever the cell's display format. */
    private static final class PlainFormatter extends DataFormatter {
        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            if (DateUtil.isADateFormat(formatIndex, formatString) && DateUtil.isValidExcelDate(value)) {
                LocalDateTime time = DateUtil.getLocalDateTime(value);
                return time.toLocalTime().equals(java.time.LocalTime.MIDNIGHT) ? time.toLocalDate().toString() : time.withNano(0).toString();
            }
            BigDecimal plain = BigDecimal.valueOf(value).stripTrailingZeros();
            return (plain.scale() < 0 ? plain.setScale(0) : plain).toPlainString();
        }
    }
}
