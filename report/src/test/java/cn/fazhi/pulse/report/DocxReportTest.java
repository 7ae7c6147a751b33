package cn.fazhi.pulse.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.fazhi.pulse.report.model.Narrative;
import cn.fazhi.pulse.report.model.ReportModel;
import cn.fazhi.pulse.report.render.ChartRenderer;
import cn.fazhi.pulse.report.render.DocxWriter;
import cn.fazhi.pulse.report.render.ReportStyles;
import cn.fazhi.pulse.report.render.ReportTemplateException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.apache.poi.xwpf.usermodel.XWPFParagraph;
import org.apache.poi.xwpf.usermodel.XWPFPictureData;
import org.apache.poi.xwpf.usermodel.XWPFTable;
import org.apache.poi.xwpf.usermodel.XWPFTableRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The .docx of 上仓镇 2023 read back with Apache POI, as an office's Word would open it. */
class DocxReportTest {
    private static ReportModel report;
    private static XWPFDocument docx;

    @BeforeAll
    static void writeShangcang2023() throws IOException {
        SeedReportsTest.readFixtures();
        Narrative narrative = Narrative.parse(List.of("# 三", "镇党委书记带头学法。", "# 五、其他需要报告的情况", "无。"));
        report = SeedReportsTest.report("120119109000", 2023, narrative);
        byte[] bytes = DocxWriter.standard().write(report, ChartRenderer.png(report.chart()));
        docx = new XWPFDocument(new ByteArrayInputStream(bytes));
    }

    @Test
    void shouldOpenWithTheTitleCenteredInItsStyleWhenWritten() {
        XWPFParagraph first = docx.getParagraphs().get(0);

        assertThat(first.getText()).isEqualTo("上仓镇2023年法治政府建设情况报告");
        assertThat(first.getStyle()).isEqualTo(ReportStyles.TITLE);
        assertThat(docx.getParagraphs()).noneMatch(p -> p.getText().contains(DocxWriter.MARKER));
    }

    @Test
    void shouldCarryTheFivePartHeadingsInOrderWhenTheNarrativeGivesPartFive() {
        List<String> parts = docx.getParagraphs().stream().filter(p -> ReportStyles.PART.equals(p.getStyle())).map(XWPFParagraph::getText).toList();

        assertThat(parts).containsExactly("一、2023年推进法治政府建设的主要举措和成效", "二、存在的不足和原因",
                "三、党政主要负责人履行推进法治建设第一责任人职责情况", "四、2024年推进法治政府建设的主要安排", "五、其他需要报告的情况");
    }

    @Test
    void shouldListOneAppendixRowPerIndicatorWhenWritten() {
        XWPFTable appendix = docx.getTables().get(0);

        assertThat(appendix.getNumberOfRows()).isEqualTo(report.appendix().rows().size() + 1);
        assertThat(appendix.getRow(0).getTableCells()).extracting(c -> c.getText()).containsExactly("指标", "单位", "本年", "上年", "变化");
        assertThat(appendix.getRows()).anySatisfy(row -> assertThat(cells(row)).containsExactly("罚款金额", "元", "11850", "—", "—"));
        assertThat(appendix.getStyleID()).isEqualTo(ReportStyles.TABLE);
        assertThat(docx.getParagraphs()).anyMatch(p -> p.getText().startsWith("数据截至2023年12月"));
    }

    @Test
    void shouldEmbedTheMonthlyChartAsAPictureWhenTheYearHasMonthlyFigures() throws IOException {
        List<XWPFPictureData> pictures = docx.getAllPictures();

        assertThat(pictures).singleElement().extracting(XWPFPictureData::getPictureType).isEqualTo(org.apache.poi.xwpf.usermodel.Document.PICTURE_TYPE_PNG);
        BufferedImage chart = ImageIO.read(new ByteArrayInputStream(pictures.get(0).getData()));
        assertThat(chart.getWidth()).isGreaterThan(chart.getHeight());
        assertThat(docx.getParagraphs()).anyMatch(p -> p.getText().equals("2023年逐月调解与信访情况"));
    }

    @Test
    void shouldNameTheOfficialDocumentFontsOnEveryRunWhenWritten() {
        assertThat(eastAsianFontsOf(ReportStyles.TITLE)).containsOnly("方正小标宋简体");
        assertThat(eastAsianFontsOf(ReportStyles.PART)).containsOnly("黑体");
        assertThat(eastAsianFontsOf(ReportStyles.SECTION)).containsOnly("楷体");
        assertThat(eastAsianFontsOf(ReportStyles.BODY)).containsOnly("仿宋");
        assertThat(docx.getStyles().getStyle(ReportStyles.BODY).getCTStyle().getRPr().getSzArray(0).getVal().toString()).isEqualTo("32");
    }

    @Test
    void shouldRefuseATemplateWithoutTheReportParagraphWhenLoaded(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("没有占位.docx");
        try (XWPFDocument empty = new XWPFDocument(); var out = Files.newOutputStream(template)) {
            empty.createParagraph().createRun().setText("本镇信笺");
            empty.write(out);
        }

        assertThatThrownBy(() -> DocxWriter.fromFile(template)).isInstanceOf(ReportTemplateException.class)
                .hasMessageContaining(template.toString()).hasMessageContaining("{{report}}").hasMessageContaining("模板");
    }

    @Test
    void shouldFitTheTablesBetweenTheTemplatesOwnMarginsWhenAnOfficeWidensThem(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("本镇模板.docx");
        try (XWPFDocument restyled = new XWPFDocument(getClass().getClassLoader().getResourceAsStream("report/template.docx"));
             var out = Files.newOutputStream(template)) {
            restyled.getDocument().getBody().getSectPr().getPgMar().setLeft(java.math.BigInteger.valueOf(2400));
            restyled.write(out);
        }

        byte[] bytes = DocxWriter.fromFile(template).write(report, null);

        try (XWPFDocument written = new XWPFDocument(new ByteArrayInputStream(bytes))) {
            assertThat(written.getTables().get(0).getCTTbl().getTblPr().getTblW().getW().toString()).isEqualTo(Integer.toString(11906 - 2400 - 1474));
            assertThat(written.getAllPictures()).isEmpty();
        }
    }

    private static List<String> eastAsianFontsOf(String style) {
        return docx.getParagraphs().stream().filter(p -> style.equals(p.getStyle())).flatMap(p -> p.getRuns().stream())
                .map(r -> r.getFontFamily(org.apache.poi.xwpf.usermodel.XWPFRun.FontCharRange.eastAsia)).toList();
    }

    private static List<String> cells(XWPFTableRow row) {
        return row.getTableCells().stream().map(c -> c.getText()).toList();
    }
}
