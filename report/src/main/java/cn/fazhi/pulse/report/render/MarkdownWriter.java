package cn.fazhi.pulse.report.render;

import cn.fazhi.pulse.report.model.ReportModel;

/** The report as Markdown, for review and diffing: the same text as the .docx. */
public final class MarkdownWriter {
    private MarkdownWriter() {}

    public static String write(ReportModel report) {
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
        md.append("| 指标 | 单位 | 本年 | 上年 | 变化 |\n|---|---|---|---|---|\n");
        for (ReportModel.Appendix.Row row : appendix.rows()) {
            md.append("| ").append(row.name()).append(" | ").append(row.unit()).append(" | ").append(row.thisYear())
                    .append(" | ").append(row.lastYear()).append(" | ").append(row.change()).append(" |\n");
        }
        md.append("\n").append(appendix.cutoff()).append("\n");
        if (!report.chart().isEmpty()) {
            md.append("\n### ").append(report.chart().title()).append("\n\n");
            md.append("| 月份 | 受理调解 | 调解成功 | 受理信访 | 办结信访 |\n|---|---|---|---|---|\n");
            for (ReportModel.Chart.Month m : report.chart().months()) {
                md.append("| ").append(m.month()).append("月 | ").append(m.mediationsAccepted()).append(" | ").append(m.mediationsSucceeded())
                        .append(" | ").append(m.petitionsReceived()).append(" | ").append(m.petitionsClosed()).append(" |\n");
            }
        }
        return md.toString();
    }
}
