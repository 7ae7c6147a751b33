package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.Violation;

/**
 * One reason a ledger row is refused, as a clerk needs it to fix the row: the row, the column as
 * the clerk wrote it (with its field, {@code 纠纷类型(dispute_type)}), the cell as written, and the
 * reason in Chinese and in English. {@code column} is empty when the problem is the whole row's,
 * {@code cell} when the cell is empty or the problem is not one cell's.
 */
public record LedgerProblem(long row, String column, String cell, String reasonZh, String reasonEn) {

    public LedgerProblem {
        column = column == null ? "" : column;
        cell = cell == null ? "" : cell;
    }

    /** A reason with no cell behind it (a JSON line, a header): the column is the field. */
    public static LedgerProblem of(long row, Violation violation) {
        return new LedgerProblem(row, violation.field(), "", violation.reasonZh(), violation.reasonEn());
    }

    /** One line for a person: {@code 字段 纠纷类型(dispute_type)：… / field 纠纷类型(dispute_type): …}. */
    public String describe() {
        if (column.isEmpty()) {
            return reasonZh + " / " + reasonEn;
        }
        return "字段 " + column + "：" + reasonZh + " / field " + column + ": " + reasonEn;
    }
}
