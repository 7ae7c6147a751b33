package cn.fazhi.pulse.producers.ledger;

import java.util.Optional;

/**
 * What the clerk says about entity ledgers that the file may not: their kind ({@code --kind}),
 * when the headers leave it open, and their town ({@code --town}, or the signed-in clerk's on the
 * web), when they have no 区划代码 column. A row whose 区划代码 names another town is refused.
 */
public record EntityLedgerOptions(Optional<EntityLedgerKind> kind, Optional<String> town) {
    public static final EntityLedgerOptions NONE = new EntityLedgerOptions(Optional.empty(), Optional.empty());
}
