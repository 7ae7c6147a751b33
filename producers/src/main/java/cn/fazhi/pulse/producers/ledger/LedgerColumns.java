package cn.fazhi.pulse.producers.ledger;

import java.nio.file.Path;
import java.util.List;

/**
 * What an entity ledger's header said: its kind, the columns read, and the columns never read —
 * kept for the ledger's own use (序号, 备注, …) or personal data (当事人, 身份证号, …) — for the
 * summary, so that a clerk sees what was and was not taken.
 */
public record LedgerColumns(Path file, String sheet, EntityLedgerKind kind, List<String> read, List<String> ignored,
                            List<String> personalData) {

    public String where() {
        return sheet.isEmpty() ? file.getFileName().toString() : file.getFileName() + " 工作表 " + sheet;
    }
}
