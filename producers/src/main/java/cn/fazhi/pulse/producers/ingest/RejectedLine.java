package cn.fazhi.pulse.producers.ingest;

import cn.fazhi.pulse.producers.ledger.LedgerProblem;
import java.nio.file.Path;
import java.util.List;

/**
 * One input line or row refused, with where it was and why: one line of rejected.jsonl.
 *
 * @param sheet the Excel sheet, empty for CSV and JSON Lines
 * @param place where a clerk finds it, in both languages
 * @param text the row as written (personal-data cells of an entity ledger left out)
 * @param problems every reason, each with its column and the cell as written
 */
public record RejectedLine(Path file, String sheet, long line, String place, String text, List<LedgerProblem> problems) {

    /** Every reason on one line, for a terminal or a dead letter. */
    public String reason() {
        return String.join("; ", problems.stream().map(LedgerProblem::describe).toList());
    }
}
