package cn.fazhi.pulse.producers;

import cn.fazhi.pulse.schemas.Violation;
import java.util.List;
import java.util.stream.Collectors;

/** An event refused before sending, with every rule it breaks, each naming its field. */
public final class InvalidEventException extends PublishException {
    private final List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        super(violations.stream().map(Violation::describe).collect(Collectors.joining("; ")), null);
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
