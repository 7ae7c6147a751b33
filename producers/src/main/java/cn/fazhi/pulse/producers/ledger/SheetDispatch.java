package cn.fazhi.pulse.producers.ledger;

import cn.fazhi.pulse.schemas.EventType;
import cn.fazhi.pulse.schemas.json.EventJsonCodec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells, at its header, what a table is: a table of events (one row per event, the template
 * forms: named after a type or with a 事件类型 column) or an entity ledger (one row per
 * mediation, petition or case, recognised from its headers or named by {@code --kind}), and hands
 * it, title rows included, to the one or the other.
 */
final class SheetDispatch implements TableSheet {
    private static final int MIN_KNOWN_HEADERS = 2;

    private final Path file;
    private final String sheet;
    private final Optional<EventType> namedType;
    private final EventJsonCodec codec;
    private final EntityLedgerOptions options;
    private final Map<String, Long> seen;
    private final LedgerListener listener;
    private final List<Object[]> before = new ArrayList<>();
    private TableSheet events;
    private EntityLedgerSheet entities;

    SheetDispatch(Path file, String sheet, Optional<EventType> namedType, EventJsonCodec codec, EntityLedgerOptions options,
                  Map<String, Long> seen, LedgerListener listener) {
        this.file = file;
        this.sheet = sheet;
        this.namedType = namedType;
        this.codec = codec;
        this.options = options;
        this.seen = seen;
        this.listener = listener;
        if (namedType.isPresent()) {
            events = new LedgerSheet(file, sheet, namedType, codec, listener::row);
        }
    }

    @Override
    public void row(long number, List<String> cells, long bytesRead) {
        if (events != null) {
            events.row(number, cells, bytesRead);
            return;
        }
        if (entities != null) {
            entities.row(number, cells, bytesRead);
            return;
        }
        boolean typeColumn = cells.stream().anyMatch(c -> c != null && LedgerVocabulary.fieldOfHeader(c).filter("type"::equals).isPresent());
        Optional<EntityLedgerKind> kind = typeColumn ? Optional.empty() : options.kind().or(() -> EntityLedgerKind.recognise(cells));
        if (kind.isPresent() && cells.stream().filter(c -> c != null && kind.get().roleOf(c).isPresent()).count() >= MIN_KNOWN_HEADERS) {
            entities = new EntityLedgerSheet(file, sheet, kind.get(), cells, options, codec, seen, listener::entityRow, listener::columns);
            for (Object[] title : before) {
                listener.entityRow(new EntityLedgerRow(file, sheet, (Long) title[0], "", null, List.of(), null, EntityLedgerRow.Skip.TITLE,
                        (Long) title[2]));
            }
            return;
        }
        if (typeColumn || cells.stream().filter(c -> c != null && LedgerVocabulary.fieldOfHeader(c).isPresent()).count() >= MIN_KNOWN_HEADERS) {
            events = new LedgerSheet(file, sheet, namedType, codec, listener::row);
            replay();
            events.row(number, cells, bytesRead);
            return;
        }
        if (cells.stream().anyMatch(c -> c != null && !c.isBlank())) {
            before.add(new Object[] {number, cells, bytesRead}); // a title above the header, until a header says what the table is
        }
    }

    @Override
    public void end(long bytesRead) {
        if (events == null && entities == null) {
            events = new LedgerSheet(file, sheet, namedType, codec, listener::row); // says there is no header, as it always has
            replay();
        }
        if (events != null) {
            events.end(bytesRead);
        }
    }

    @SuppressWarnings("unchecked")
    private void replay() {
        for (Object[] row : before) {
            events.row((Long) row[0], (List<String>) row[1], (Long) row[2]);
        }
        before.clear();
    }
}
