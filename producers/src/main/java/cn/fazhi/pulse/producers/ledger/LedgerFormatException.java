package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.producers.PublishException;
import java.nio.file.Path;

/** A ledger file that cannot be read at all: unknown format, not a workbook, unreadable. */
public final class LedgerFormatException extends PublishException {
    public LedgerFormatException(Path file, String reasonZh, String reasonEn) {
        this(file, reasonZh, reasonEn, null);
    }

    public LedgerFormatException(Path file, String reasonZh, String reasonEn, Throwable cause) {
        super(file + "：" + reasonZh + " / " + file + ": " + reasonEn, cause);
    }
}
