package cn.fazhi.pulse.schemas.json;

import cn.fazhi.pulse.schemas.RejectionSubject;
import cn.fazhi.pulse.schemas.Violation;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/** The result of reading one JSON event: the record, or every reason it was refused. */
public sealed interface DecodedEvent {

    record Accepted(SpecificRecord event) implements DecodedEvent {}

    /**
     * @param subject what the refused row is about where its identity could be read (see
     *     {@link RejectionSubject}), or null: its dead letter then names its content instead
     */
    record Rejected(List<Violation> violations, RejectionSubject subject) implements DecodedEvent {
        public Rejected {
            violations = List.copyOf(violations);
        }

        public Rejected(List<Violation> violations) {
            this(violations, null);
        }

        public Rejected about(RejectionSubject about) {
            return new Rejected(violations, about);
        }

        /** All reasons on one line, Chinese then English for each. */
        public String reason() {
            return violations.stream().map(Violation::describe).collect(Collectors.joining("; "));
        }
    }
}
