package cn.fazhi.pulse.schemas;

/**
 * Why an event was refused, for the clerk who wrote it: the field and the reason, in Chinese and
 * English. {@code field} is empty when the problem is with the whole line.
 */
public record Violation(String field, String reasonZh, String reasonEn) {

    public static Violation of(String field, String reasonZh, String reasonEn) {
        return new Violation(field == null ? "" : field, reasonZh, reasonEn);
    }

    /** One line for a person: {@code 字段 dispute_type：… / field dispute_type: …}. */
    public String describe() {
        if (field.isEmpty()) {
            return reasonZh + " / " + reasonEn;
        }
        return "字段 " + field + "：" + reasonZh + " / field " + field + ": " + reasonEn;
    }
}
