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
        List<List<String>> rows = new ArrayList<>();
        appendix.rows().forEach(r -> rows.add(List.of(r.name(), r.unit(), r.thisYear(), r.lastYear(), r.change())));
        table(md, List.of("指标", "单位", "本年", "上年", "变化"), rows);
        md.append("\n").append(appendix.cutoff()).append("\n");
        if (report.ranking() != null) {
            ReportModel.Ranking ranking = report.ranking();
            md.append("\n## ").append(ranking.title()).append("\n\n");
            List<String> header = new ArrayList<>(List.of("名次", "镇街"));
            header.addAll(ranking.columns());
            List<List<String>> ranked = new ArrayList<>();
            for (ReportModel.Ranking.Row row : ranking.rows()) {
                List<String> cells = new ArrayList<>(List.of(Integer.toString(row.place()), row.town()));
                cells.addAll(row.cells());
                ranked.add(cells);
            }
            table(md, header, ranked);
            md.append("\n").append(ranking.note()).append("\n");
        }
        if (!report.chart().isEmpty()) {
            md.append("\n## ").append(report.chart().title()).append("\n\n");
            if (chartFile != null) {
                md.append("![").append(report.chart().title()).append("](").append(chartFile).append(")\n\n");
            }
            List<List<String>> months = new ArrayList<>();
            for (ReportModel.Chart.Month m : report.chart().months()) {
                months.add(List.of(m.month() + "月", Long.toString(m.mediationsAccepted()), Long.toString(m.mediationsSucceeded()),
                        Long.toString(m.petitionsReceived()), Long.toString(m.petitionsClosed())));
            }
            table(md, List.of("月份", "受理调解", "调解成功", "受理信访", "办结信访"), months);
        }
        return md.toString();
    }

    private static void table(StringBuilder md, List<String> header, List<List<String>> rows) {
        md.append("| ").append(String.join(" | ", header)).append(" |\n|").append("---|".repeat(header.size())).append("\n");
        rows.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
    }
}
