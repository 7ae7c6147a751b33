package cn.fazhi.pulse.producers.ledger;

import java.nio.file.Path;
import java.util.List;

/**
 * One row of an entity ledger and what became of it: an entity, or the reasons it is refused, or
 * skipped on purpose.
 *
 * @param text the row as written, for the rejected file, with every personal-data cell left out
 * @param entity the entity, null unless the row was read
 * @param refusedEntity the town, kind and id of a refused row when they could be read (sync never
 *     withdraws an entity whose row is only refused), else null
 * @param skipped why the row was skipped, null unless it was
 */
public record EntityLedgerRow(Path file, String sheet, long row, String text, LedgerEntity entity, List<LedgerProblem> problems,
                              String refusedEntity, Skip skipped, long bytesRead) {

    /** Why a row is skipped. */
    public enum Skip { TITLE, BLANK, TOTAL, COMMENT }

    public String place() {
        return EntityLedgerSheet.place(file, sheet, row);
    }
}
