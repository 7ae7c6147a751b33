package cn.fazhi.pulse.report.render;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.apache.poi.wp.usermodel.HeaderFooterType;
import org.apache.poi.xwpf.usermodel.ParagraphAlignment;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFFooter;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFRun;
import org.apache.poi.xwpf.usermodel.XWPFStyle;
import org.apache.poi.xwpf.usermodel.XWPFStyles;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTBorder;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTFonts;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPPrGeneral;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageMar;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTPageSz;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTRPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSectPr;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTSpacing;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTStyle;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.CTTblBorders;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STBorder;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STFldCharType;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STJc;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STLineSpacingRule;
import org.openxmlformats.schemas.wordprocessingml.x2006.main.STStyleType;

/**
 * Writes the standard Word template of the annual report, report/src/main/resources/report/template.docx,
 * in the style of official documents (GB/T 9704): A4, margins 37/35/28/26 mm, title in
 * 方正小标宋简体 二号, body in 仿宋 三号 with a fixed 28-point line, part headings in 黑体, subsection
 * headings in 楷体, page numbers "— 1 —" in 宋体 四号. Offices restyle the generated file in Word;
 * this program only makes the first one (docs/report.md says how to run it).
 */
public final class ReportTemplateGenerator {
    private static final String LATIN = "Times New Roman";
    private static final int SIZE_2 = 44; // 二号, half-points
    private static final int SIZE_3 = 32; // 三号
    private static final int SIZE_4 = 28; // 四号
    private static final int SIZE_SMALL_4 = 24; // 小四
    private static final int BODY_LINE_TWIPS = 560; // 28 points
    private static final int TABLE_LINE_TWIPS = 360; // 18 points

    private ReportTemplateGenerator() {}

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "report/src/main/resources/report/template.docx");
        try (XWPFDocument document = new XWPFDocument()) {
            XWPFStyles styles = document.createStyles();
            Consumer<CTPPrGeneral> plain = p -> { };
            Consumer<CTPPrGeneral> keepWithNext = CTPPrGeneral::addNewKeepNext;
            paragraphStyle(styles, ReportStyles.TITLE, "报告标题", "方正小标宋简体", SIZE_2, STJc.CENTER, 0, 0, 240, plain);
            paragraphStyle(styles, ReportStyles.PART, "报告一级标题", "黑体", SIZE_3, STJc.BOTH, 640, 0, 0, keepWithNext);
            paragraphStyle(styles, ReportStyles.SECTION, "报告二级标题", "楷体", SIZE_3, STJc.BOTH, 640, 0, 0, keepWithNext);
            paragraphStyle(styles, ReportStyles.BODY, "报告正文", "仿宋", SIZE_3, STJc.BOTH, 640, 0, 0, plain);
            paragraphStyle(styles, ReportStyles.SIGNATURE, "报告落款", "仿宋", SIZE_3, STJc.RIGHT, 0, 0, 0,
                    p -> p.addNewInd().setRight(BigInteger.valueOf(640)));
            paragraphStyle(styles, ReportStyles.CAPTION, "报告附表标题", "黑体", SIZE_3, STJc.CENTER, 0, 240, 120, keepWithNext);
            paragraphStyle(styles, ReportStyles.NOTE, "报告附注", "仿宋", SIZE_SMALL_4, STJc.LEFT, 0, 120, 0,
                    p -> p.getSpacing().setLine(BigInteger.valueOf(TABLE_LINE_TWIPS)));
            paragraphStyle(styles, ReportStyles.TABLE_TEXT, "报告表格文字", "仿宋", SIZE_SMALL_4, STJc.LEFT, 0, 0, 0,
                    p -> p.getSpacing().setLine(BigInteger.valueOf(TABLE_LINE_TWIPS)));
            tableStyle(styles);
            page(document);
            pageNumbers(document);
            XWPFParagraph marker = document.createParagraph();
            marker.setStyle(ReportStyles.BODY);
            marker.createRun().setText(DocxWriter.MARKER);
            try (OutputStream stream = Files.newOutputStream(out)) {
                document.write(stream);
            }
        }
        System.out.println("Wrote " + out);
    }

    /**
     * A paragraph style; indent and spacing in twips (1/20 point), a fixed line height (the title's
     * larger); {@code more} adds to its paragraph properties before the style is stored (stored
     * styles are copies).
     */
    private static void paragraphStyle(XWPFStyles styles, String id, String name, String eastAsianFont, int halfPoints,
                                       STJc.Enum alignment, int firstLineIndent, int before, int after, Consumer<CTPPrGeneral> more) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId(id);
        style.setType(STStyleType.PARAGRAPH);
        style.addNewName().setVal(name);
        style.addNewQFormat();
        CTPPrGeneral paragraph = style.addNewPPr();
        paragraph.addNewJc().setVal(alignment);
        CTSpacing spacing = paragraph.addNewSpacing();
        spacing.setBefore(BigInteger.valueOf(before));
        spacing.setAfter(BigInteger.valueOf(after));
        spacing.setLine(BigInteger.valueOf(ReportStyles.TITLE.equals(id) ? 720 : BODY_LINE_TWIPS));
        spacing.setLineRule(STLineSpacingRule.EXACT);
        if (firstLineIndent > 0) {
            paragraph.addNewInd().setFirstLine(BigInteger.valueOf(firstLineIndent));
        }
        if (ReportStyles.PART.equals(id) || ReportStyles.SECTION.equals(id)) {
            paragraph.addNewOutlineLvl().setVal(BigInteger.valueOf(ReportStyles.PART.equals(id) ? 0 : 1));
        }
        CTRPr run = style.addNewRPr();
        CTFonts fonts = run.addNewRFonts();
        fonts.setEastAsia(eastAsianFont);
        fonts.setAscii(LATIN);
        fonts.setHAnsi(LATIN);
        run.addNewSz().setVal(BigInteger.valueOf(halfPoints));
        run.addNewSzCs().setVal(BigInteger.valueOf(halfPoints));
        more.accept(paragraph);
        styles.addStyle(new XWPFStyle(style));
    }

    /** Thin black borders on every cell: a table an office can restyle as one style. */
    private static void tableStyle(XWPFStyles styles) {
        CTStyle style = CTStyle.Factory.newInstance();
        style.setStyleId(ReportStyles.TABLE);
        style.setType(STStyleType.TABLE);
        style.addNewName().setVal("报告表格");
        CTTblBorders borders = style.addNewTblPr().addNewTblBorders();
        for (CTBorder border : new CTBorder[] {borders.addNewTop(), borders.addNewBottom(), borders.addNewLeft(), borders.addNewRight(),
                borders.addNewInsideH(), borders.addNewInsideV()}) {
            border.setVal(STBorder.SINGLE);
            border.setSz(BigInteger.valueOf(4));
            border.setColor("000000");
        }
        styles.addStyle(new XWPFStyle(style));
    }

    private static void page(XWPFDocument document) {
        CTSectPr section = document.getDocument().getBody().addNewSectPr();
        CTPageSz size = section.addNewPgSz();
        size.setW(BigInteger.valueOf(11906));
        size.setH(BigInteger.valueOf(16838));
        CTPageMar margins = section.addNewPgMar();
        margins.setTop(BigInteger.valueOf(2098));
        margins.setBottom(BigInteger.valueOf(1984));
        margins.setLeft(BigInteger.valueOf(1588));
        margins.setRight(BigInteger.valueOf(1474));
        margins.setHeader(BigInteger.valueOf(851));
        margins.setFooter(BigInteger.valueOf(992));
    }

    /** "— 1 —" centered in the footer of every page. */
    private static void pageNumbers(XWPFDocument document) {
        XWPFFooter footer = document.createFooter(HeaderFooterType.DEFAULT);
        XWPFParagraph paragraph = footer.createParagraph();
        paragraph.setAlignment(ParagraphAlignment.CENTER);
        footerRun(paragraph).setText("— ");
        footerRun(paragraph).getCTR().addNewFldChar().setFldCharType(STFldCharType.BEGIN);
        footerRun(paragraph).getCTR().addNewInstrText().setStringValue(" PAGE ");
        footerRun(paragraph).getCTR().addNewFldChar().setFldCharType(STFldCharType.SEPARATE);
        footerRun(paragraph).setText("1");
        footerRun(paragraph).getCTR().addNewFldChar().setFldCharType(STFldCharType.END);
        footerRun(paragraph).setText(" —");
    }

    private static XWPFRun footerRun(XWPFParagraph paragraph) {
        XWPFRun run = paragraph.createRun();
        run.setFontFamily("宋体", XWPFRun.FontCharRange.eastAsia);
        run.setFontFamily(LATIN, XWPFRun.FontCharRange.ascii);
        run.setFontSize(SIZE_4 / 2);
        return run;
    }
}
