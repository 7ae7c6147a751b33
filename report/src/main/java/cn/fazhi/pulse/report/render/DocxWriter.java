package cn.fazhi.pulse.report.render;

import cn.fazhi.pulse.report.model.ReportModel;
import cn.fazhi.pulse.report.model.ReportModel.Appendix;
import cn.fazhi.pulse.report.model.ReportModel.Ranking;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.util.Units;
import org.apache.poi.xwpf.usermodel.Document;
import org.apache.poi.xwpf.usermodel.LineSpacingRule;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableCell;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.apache.xmlbeans.XmlCursor;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblGrid;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblWidth;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTcPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STTblWidth;

/**
 * The report as .docx, written into a Word template: the template's paragraph {@value #MARKER}
 * is replaced by the report, and every paragraph takes one of the template's styles (see
 * {@link ReportStyles}), so an office restyles the report in Word (fonts, sizes, spacing, page,
 * page numbers, a letterhead above the marker) without touching code. The east-Asian font of
 * each style is also set on every run, as Word and WPS otherwise may pick a different Chinese
 * face for text typed in other scripts' ranges.
 */
public final class DocxWriter {
    /** The paragraph of the template where the report goes. */
    public static final String MARKER = "{{report}}";
    private static final String DEFAULT_TEMPLATE = "report/template.docx";
    /**
     * Twentieths of a point across the text of an A4 page with the standard template's margins
     * (156 mm); tables are drawn for this width and scaled to the template's own page and margins.
     */
    private static final int TEXT_WIDTH_TWIPS = 8844;

    private final byte[] template;
    private final String templateName;

    private DocxWriter(byte[] template, String templateName) {
        this.template = template;
        this.templateName = templateName;
    }

    public static DocxWriter standard() {
        try (InputStream in = DocxWriter.class.getClassLoader().getResourceAsStream(DEFAULT_TEMPLATE)) {
            return new DocxWriter(in.readAllBytes(), DEFAULT_TEMPLATE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DEFAULT_TEMPLATE, e);
        }
    }

    /** An office's own template: a copy of the standard one, restyled in Word. */
    public static DocxWriter fromFile(Path file) throws IOException {
        DocxWriter writer = new DocxWriter(Files.readAllBytes(file), file.toString());
        writer.write(emptyCheck(), null);
        return writer;
    }

    /** The report as .docx bytes; {@code chartPng} null when the year has no monthly figures to draw. */
    public byte[] write(ReportModel report, byte[] chartPng) {
        try (XWPFDocument document = new XWPFDocument(new ByteArrayInputStream(template))) {
            Body body = new Body(document, marker(document));
            body.paragraph(ReportStyles.TITLE, report.title());
            body.paragraph(ReportStyles.BODY, report.intro());
            for (ReportModel.Part part : report.parts()) {
                body.paragraph(ReportStyles.PART, part.heading());
                for (ReportModel.Section section : part.sections()) {
                    if (section.heading() != null) {
                        body.paragraph(ReportStyles.SECTION, section.heading());
                    }
                    section.paragraphs().forEach(p -> body.paragraph(ReportStyles.BODY, p));
                }
            }
            body.paragraph(ReportStyles.SIGNATURE, report.signature());
            body.paragraph(ReportStyles.SIGNATURE, report.date());
            appendix(body, report.appendix());
            if (report.ranking() != null) {
                ranking(body, report.ranking());
            }
            if (chartPng != null) {
                body.pageBreak();
                body.paragraph(ReportStyles.CAPTION, report.chart().title());
                body.picture(chartPng);
            }
            body.done();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.write(out);
            return out.toByteArray();
        } catch (IOException | InvalidFormatException e) {
            throw new ReportTemplateException("无法写出报告 " + report.title() + "：模板 " + templateName + " 无法读取或写入 / cannot write the "
                    + "report " + report.title() + " from the template " + templateName + ": " + e.getMessage(), e);
        }
    }

    private static void appendix(Body body, Appendix appendix) {
        body.pageBreak();
        body.paragraph(ReportStyles.CAPTION, appendix.title());
        body.table(appendix.table(), new int[] {3444, 800, 1500, 1500, 1600}, 0);
        if (!appendix.cutoff().isEmpty()) {
            body.paragraph(ReportStyles.NOTE, appendix.cutoff());
        }
    }

    private static void ranking(Body body, Ranking ranking) {
        body.paragraph(ReportStyles.CAPTION, ranking.title());
        List<List<String>> table = ranking.table();
        int placeWidth = 720;
        int nameWidth = 1200;
        int[] widths = new int[table.get(0).size()];
        widths[0] = placeWidth;
        widths[1] = nameWidth;
        for (int i = 2; i < widths.length; i++) {
            widths[i] = (TEXT_WIDTH_TWIPS - nameWidth - placeWidth) / (widths.length - 2);
        }
        body.table(table, widths, -1);
        body.paragraph(ReportStyles.NOTE, ranking.note());
    }

    private XWPFParagraph marker(XWPFDocument document) {
        for (XWPFParagraph paragraph : document.getParagraphs()) {
            if (paragraph.getText().contains(MARKER)) {
                return paragraph;
            }
        }
        throw new ReportTemplateException("模板 " + templateName + " 中没有内容为 " + MARKER + " 的段落，报告无处写入 / the template " + templateName
                + " has no paragraph " + MARKER + " where the report goes");
    }

    private static ReportModel emptyCheck() {
        return new ReportModel("", "", List.of(), new Appendix("", List.of(), ""), new ReportModel.Chart("", List.of()), "", "", null);
    }

    /** Inserts the report's paragraphs and tables in order before the marker, then removes the marker. */
    private static final class Body {
        private final XWPFDocument document;
        private final XWPFParagraph marker;
        private final Map<String, Optional<CTFonts>> fontsByStyle = new HashMap<>();
        private final int textWidth;

        Body(XWPFDocument document, XWPFParagraph marker) {
            this.document = document;
            this.marker = marker;
            this.textWidth = textWidth(document);
        }

        /** The width between the template's margins, in twips; the standard width if the template does not say. */
        private static int textWidth(XWPFDocument document) {
            CTSectPr section = document.getDocument().getBody().getSectPr();
            if (section == null || section.getPgSz() == null || section.getPgMar() == null) {
                return TEXT_WIDTH_TWIPS;
            }
            try {
                long width = twips(section.getPgSz().getW()) - twips(section.getPgMar().getLeft()) - twips(section.getPgMar().getRight());
                return width > 0 ? (int) width : TEXT_WIDTH_TWIPS;
            } catch (NumberFormatException e) {
                return TEXT_WIDTH_TWIPS; // a measure written in a unit other than twips: keep the standard width
            }
        }

        private static long twips(Object measure) {
            return measure == null ? 0 : new BigInteger(measure.toString()).longValue();
        }

        XWPFParagraph paragraph(String style, String text) {
            XWPFParagraph paragraph;
            try (XmlCursor cursor = marker.getCTP().newCursor()) {
                paragraph = document.insertNewParagraph(cursor);
            }
            paragraph.setStyle(style);
            if (!text.isEmpty()) {
                run(paragraph, style).setText(text);
            }
            return paragraph;
        }

        void pageBreak() {
            paragraph(ReportStyles.BODY, "").setPageBreak(true);
        }

        void picture(byte[] png) throws IOException, InvalidFormatException {
            XWPFParagraph paragraph = paragraph(ReportStyles.CAPTION, "");
            paragraph.setAlignment(ParagraphAlignment.CENTER);
            // a fixed line height (the styles' 28 points) would crop the picture to one line
            paragraph.setSpacingLineRule(LineSpacingRule.AUTO);
            paragraph.setSpacingBetween(1.0);
            paragraph.createRun().addPicture(new ByteArrayInputStream(png), Document.PICTURE_TYPE_PNG, "chart.png",
                    Units.toEMU(ChartRenderer.WIDTH_POINTS), Units.toEMU(ChartRenderer.HEIGHT_POINTS));
        }

        /**
         * A table in the template's table style; the first row is the header, repeated on each page.
         * Cells are centered but for the column {@code leftColumn} below the header (-1 for none).
         */
        void table(List<List<String>> rows, int[] standardTwips, int leftColumn) {
            int[] columnTwips = new int[standardTwips.length];
            for (int c = 0; c < standardTwips.length; c++) {
                columnTwips[c] = (int) ((long) standardTwips[c] * textWidth / TEXT_WIDTH_TWIPS);
            }
            XWPFTable table;
            try (XmlCursor cursor = marker.getCTP().newCursor()) {
                table = document.insertNewTbl(cursor);
            }
            table.setStyleID(ReportStyles.TABLE);
            // POI gives a new table borders of its own, which would hide the template's table style
            table.getCTTbl().getTblPr().unsetTblBorders();
            table.setWidth(Integer.toString(textWidth));
            CTTblGrid grid = table.getCTTbl().getTblGrid() == null ? table.getCTTbl().addNewTblGrid() : table.getCTTbl().getTblGrid();
            for (int width : columnTwips) {
                grid.addNewGridCol().setW(BigInteger.valueOf(width));
            }
            for (int r = 0; r < rows.size(); r++) {
                XWPFTableRow row = r < table.getNumberOfRows() ? table.getRow(r) : table.createRow();
                if (r == 0) {
                    row.setRepeatHeader(true);
                }
                while (row.getTableCells().size() < columnTwips.length) {
                    row.addNewTableCell();
                }
                for (int c = 0; c < columnTwips.length; c++) {
                    XWPFTableCell cell = row.getCell(c);
                    width(cell, columnTwips[c]);
                    XWPFParagraph paragraph = cell.getParagraphs().isEmpty() ? cell.addParagraph() : cell.getParagraphs().get(0);
                    paragraph.setStyle(ReportStyles.TABLE_TEXT);
                    if (c != leftColumn || r == 0) {
                        paragraph.setAlignment(ParagraphAlignment.CENTER);
                    }
                    XWPFRun run = run(paragraph, ReportStyles.TABLE_TEXT);
                    if (r == 0) {
                        run.setBold(true);
                    }
                    run.setText(rows.get(r).get(c));
                }
            }
        }

        /** The cell's width in twips, set directly: XWPFTableCell.setWidth parses a string for every cell (docs/benchmarks.md, reports). */
        private static void width(XWPFTableCell cell, int twips) {
            CTTcPr properties = cell.getCTTc().isSetTcPr() ? cell.getCTTc().getTcPr() : cell.getCTTc().addNewTcPr();
            CTTblWidth width = properties.isSetTcW() ? properties.getTcW() : properties.addNewTcW();
            width.setW(BigInteger.valueOf(twips));
            width.setType(STTblWidth.DXA);
        }

        /** A run with its style's fonts named on it, east-Asian included. */
        private XWPFRun run(XWPFParagraph paragraph, String style) {
            XWPFRun run = paragraph.createRun();
            CTFonts fonts = fontsOf(style);
            if (fonts != null) {
                if (fonts.getEastAsia() != null) {
                    run.setFontFamily(fonts.getEastAsia(), FontCharRange.eastAsia);
                }
                if (fonts.getAscii() != null) {
                    run.setFontFamily(fonts.getAscii(), FontCharRange.ascii);
                }
                if (fonts.getHAnsi() != null) {
                    run.setFontFamily(fonts.getHAnsi(), FontCharRange.hAnsi);
                }
            }
            return run;
        }

        private CTFonts fontsOf(String styleId) {
            return fontsByStyle.computeIfAbsent(styleId, id -> {
                XWPFStyle style = document.getStyles() == null ? null : document.getStyles().getStyle(id);
                CTRPr properties = style == null ? null : style.getCTStyle().getRPr();
                return Optional.ofNullable(properties == null || properties.sizeOfRFontsArray() == 0 ? null : properties.getRFontsArray(0));
            }).orElse(null);
        }

        void done() {
            document.removeBodyElement(document.getPosOfParagraph(marker));
        }
    }
}
