package cn.fazhi.pulse.report.render;

/** A Word template the report cannot be written into (unreadable, or without its marker paragraph). */
public final class ReportTemplateException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReportTemplateException(String message) {
        super(message);
    }

    public ReportTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
