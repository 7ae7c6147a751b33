package cn.fazhi.pulse.schemas.json;

import cn.fazhi.pulse.schemas.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/** The result of reading one JSON event: the record, or every reason it was refused. */
public sealed interface DecodedEvent {

    record Accepted(SpecificRecord event) implements DecodedEvent {}

    record Rejected(List<Violation> violations) implements DecodedEvent {
        public Rejected {
            violations = List.copyOf(violations);
        }

        /** All reasons on one line, Chinese then English for each. */
        public String reason() {
            return violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
        }
    }
}
