package cn.fazhi.pulse.report;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The files a report is written as: .docx to edit and file, .md to review and diff. */
public enum ReportFormat {
    DOCX,
    MD;

    public String extension() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code docx,md} → both; a clear message naming the bad value otherwise. */
    public static Set<ReportFormat> parse(String commaSeparated) {
        Set<ReportFormat> formats = EnumSet.noneOf(ReportFormat.class);
        for (String name : commaSeparated.split(",")) {
            String trimmed = name.trim();
            try {
                formats.add(valueOf(trimmed.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("不支持的报告格式 " + trimmed + "，可选 docx、md / unknown report format "
                        + trimmed + ": use docx, md or docx,md", e);
            }
        }
        return formats;
    }
}
