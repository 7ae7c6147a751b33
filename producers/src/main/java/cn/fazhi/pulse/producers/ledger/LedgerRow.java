package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.json.DecodedEvent;
import java.nio.file.Path;
import java.util.List;

/**
 * One row (or JSON line) of a ledger file and what became of it.
 *
 * @param sheet the Excel sheet, empty for CSV and JSON Lines
 * @param row the row or line number a clerk sees in the file, from 1
 * @param text the row as written (CSV-quoted for a table), for the rejected file; empty for an
 *     accepted table row, which needs none
 * @param result the event or the reasons it was refused; null for a row that is skipped on
 *     purpose: a title above the header or a comment starting with {@code #} (the template's
 *     example row)
 * @param problems why the row was refused, each with its column and cell; empty unless it was
 * @param bytesRead how far into the file reading has come, for a progress bar
 */
public record LedgerRow(Path file, String sheet, long row, String text, DecodedEvent result, List<LedgerProblem> problems,
                        long bytesRead) {

    /** A row skipped on purpose (a title, a comment), or accepted. */
    public LedgerRow(Path file, String sheet, long row, String text, DecodedEvent result, long bytesRead) {
        this(file, sheet, row, text, result, result instanceof DecodedEvent.Rejected r
                ? r.violations().stream().map(v -> LedgerProblem.of(row, v)).toList() : List.of(), bytesRead);
    }

    public boolean skipped() {
        return result == null;
    }

    /** Where a clerk finds it: {@code 台账.xlsx 工作表 MediationAccepted 第 5 行 / sheet MediationAccepted row 5}. */
    public String place() {
        String name = file.getFileName().toString();
        if (sheet.isEmpty()) {
            return name + " 第 " + row + " 行 / row " + row;
        }
        return name + " 工作表 " + sheet + " 第 " + row + " 行 / sheet " + sheet + " row " + row;
    }
}
