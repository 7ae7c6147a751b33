package cn.fazhi.pulse.report.render;

/**
 * The style ids the .docx template must define: each kind of paragraph of the report takes one.
 * Their look (fonts, sizes, spacing) lives in the template only.
 */
public final class ReportStyles {
    /** 标题: centered, 方正小标宋简体 二号. */
    public static final String TITLE = "ReportTitle";
    /** 一级标题 (一、…): 黑体 三号. */
    public static final String PART = "ReportPart";
    /** 二级标题 (（一）…): 楷体 三号. */
    public static final String SECTION = "ReportSection";
    /** 正文: 仿宋 三号, first line indented two characters. */
    public static final String BODY = "ReportBody";
    /** 落款 and date, right-aligned. */
    public static final String SIGNATURE = "ReportSignature";
    /** Titles of the appendix table, the ranking and the chart. */
    public static final String CAPTION = "ReportCaption";
    /** The data cut-off and table notes. */
    public static final String NOTE = "ReportNote";
    /** Text in table cells. */
    public static final String TABLE_TEXT = "ReportTableText";
    /** The table style: borders of the appendix and the ranking. */
    public static final String TABLE = "ReportTable";

    private ReportStyles() {}
}
