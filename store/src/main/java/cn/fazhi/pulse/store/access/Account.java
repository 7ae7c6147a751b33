package cn.fazhi.pulse.store.access;

import java.time.Instant;

/** An account as stored, without its password hash. */
public record Account(long id, String name, Role role, AccessScope scope, Instant createdAt, Instant disabledAt) {
    public boolean enabled() {
        return disabledAt == null;
    }

    /** Whether the account may read figures of a scope code. */
    public boolean mayRead(String scopeCode) {
        return enabled() && role.reads() && scope.contains(scopeCode);
    }

    /** Whether the account may submit events for a town. */
    public boolean maySubmit(String townCode) {
        return enabled() && role.submits() && scope.contains(townCode);
    }
}
