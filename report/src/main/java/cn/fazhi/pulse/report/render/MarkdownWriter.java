package cn.fazhi.pulse.report.render;

import cn.fazhi.pulse.report.model.ReportModel;
import java.util.ArrayList;
import java.util.List;

/** The report as Markdown, for review and diffing: the same text as the .docx. */
public final class MarkdownWriter {
    private MarkdownWriter() {}

    /** The report without its chart picture (the monthly figures are still given as a table). */
    public static String write(ReportModel report) {
        return write(report, null);
    }

    /** The report; {@code chartFile}, if not null, is the chart's PNG beside the .md, shown as an image. */
    public static String write(ReportModel report, String chartFile) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(report.title()).append("\n\n");
        md.append(report.intro()).append("\n\n");
        for (ReportModel.Part part : report.parts()) {
            md.append("## ").append(part.heading()).append("\n\n");
            for (ReportModel.Section section : part.sections()) {
                if (section.heading() != null) {
                    md.append("### ").append(section.heading()).append("\n\n");
                }
                section.paragraphs().forEach(p -> md.append(p).append("\n\n"));
            }
        }
        md.append(report.signature()).append("  \n").append(report.date()).append("\n\n");
        ReportModel.Appendix appendix = report.appendix();
        md.append("## ").append(appendix.title()).append("\n\n");
        table(md, appendix.table());
        md.append("\n").append(appendix.cutoff()).append("\n");
        if (report.ranking() != null) {
            md.append("\n## ").append(report.ranking().title()).append("\n\n");
            table(md, report.ranking().table());
            md.append("\n").append(report.ranking().note()).append("\n");
        }
        if (!report.chart().isEmpty()) {
            md.append("\n## ").append(report.chart().title()).append("\n\n");
            if (chartFile != null) {
                md.append("![").append(report.chart().title()).append("](").append(chartFile).append(")\n\n");
            }
            List<List<String>> months = new ArrayList<>();
            months.add(List.of("月份", "受理调解", "调解成功", "受理信访", "办结信访"));
            for (ReportModel.Chart.Month m : report.chart().months()) {
                months.add(List.of(m.month() + "月", Long.toString(m.mediationsAccepted()), Long.toString(m.mediationsSucceeded()),
                        Long.toString(m.petitionsReceived()), Long.toString(m.petitionsClosed())));
            }
            table(md, months);
        }
        return md.toString();
    }

    /** A table whose first line is the header. */
    private static void table(StringBuilder md, List<List<String>> lines) {
        List<String> header = lines.get(0);
        md.append("| ").append(String.join(" | ", header)).append(" |\n|").append("---|".repeat(header.size())).append("\n");
        lines.subList(1, lines.size()).forEach(line -> md.append("| ").append(String.join(" | ", line)).append(" |\n"));
    }
}
