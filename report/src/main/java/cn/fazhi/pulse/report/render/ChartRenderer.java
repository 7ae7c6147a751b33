package cn.fazhi.pulse.report.render;

import cn.fazhi.pulse.report.model.ReportModel.Chart;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The chart of the year by month (mediations accepted and succeeded, petitions received and
 * closed) as a PNG. Its Chinese labels need a CJK font: the first installed of a list of common
 * ones, else any font that can show them, else the JDK's default (labels may then show as boxes,
 * but the report is still written).
 */
public final class ChartRenderer {
    /** Pixels of the PNG; the .docx shows it at {@link #WIDTH_POINTS} wide, so it prints sharp. */
    static final int WIDTH_PIXELS = 1200;
    static final int HEIGHT_PIXELS = 700;
    static final double WIDTH_POINTS = 430;
    static final double HEIGHT_POINTS = WIDTH_POINTS * HEIGHT_PIXELS / WIDTH_PIXELS;
    private static final List<String> PREFERRED_FONTS = List.of("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
            "Microsoft YaHei", "SimHei", "PingFang SC", "Noto Serif CJK SC");
    private static final String SAMPLE = "调解信访月份";
    private static final Color[] SERIES_COLOURS = {new Color(0x1F4E79), new Color(0x5B9BD5), new Color(0xC55A11), new Color(0xF4B183)};

    static {
        // Servers have no display; JFreeChart draws on an image only.
        System.setProperty("java.awt.headless", "true");
    }

    private ChartRenderer() {}

    public static byte[] png(Chart chart) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (Chart.Month m : chart.months()) {
            String month = m.month() + "月";
            data.addValue(m.mediationsAccepted(), "受理调解", month);
            data.addValue(m.mediationsSucceeded(), "调解成功", month);
            data.addValue(m.petitionsReceived(), "受理信访", month);
            data.addValue(m.petitionsClosed(), "办结信访", month);
        }
        // no title inside the picture: the report puts the chart's title above it as a caption
        JFreeChart jfree = ChartFactory.createBarChart(null, null, "件", data, PlotOrientation.VERTICAL, true, false, false);
        theme().apply(jfree);
        jfree.setBackgroundPaint(Color.WHITE);
        CategoryPlot plot = jfree.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getRangeAxis().setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.05);
        for (int i = 0; i < SERIES_COLOURS.length; i++) {
            bars.setSeriesPaint(i, SERIES_COLOURS[i]);
        }
        return PngEncoder.encode(jfree.createBufferedImage(WIDTH_PIXELS, HEIGHT_PIXELS, BufferedImage.TYPE_INT_RGB, null));
    }

    private static StandardChartTheme theme() {
        String family = FontChoice.FAMILY;
        StandardChartTheme theme = new StandardChartTheme("fazhi");
        theme.setExtraLargeFont(new Font(family, Font.BOLD, 30));
        theme.setLargeFont(new Font(family, Font.PLAIN, 22));
        theme.setRegularFont(new Font(family, Font.PLAIN, 21));
        theme.setSmallFont(new Font(family, Font.PLAIN, 19));
        return theme;
    }

    /** The CJK font family of the chart, looked up once (listing the installed fonts is slow). */
    static final class FontChoice {
        static final String FAMILY = choose();

        private FontChoice() {}

        private static String choose() {
            Set<String> installed = Set.of(GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames());
            for (String family : PREFERRED_FONTS) {
                if (installed.contains(family)) {
                    return family;
                }
            }
            for (Font font : GraphicsEnvironment.getLocalGraphicsEnvironment().getAllFonts()) {
                if (font.canDisplayUpTo(SAMPLE) == -1) {
                    return font.getFamily();
                }
            }
            return Font.SANS_SERIF;
        }
    }
}
