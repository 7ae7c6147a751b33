package cn.fazhi.pulse.store.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What an account may do within its scope. */
public enum Role {
    /** Everything, everywhere in its scope, including managing accounts. */
    ADMIN(true, true, true),
    /** Reads its scope and everything below it; submits nothing. */
    SUPERVISOR(true, false, true),
    /** Reads and submits for one town. */
    CLERK(true, true, true),
    /** A program: submits for the towns of its scope with a token; no dashboard. */
    SYSTEM(false, true, false);

    private final boolean reads;
    private final boolean submits;
    private final boolean signsIn;

    Role(boolean reads, boolean submits, boolean signsIn) {
        this.reads = reads;
        this.submits = submits;
        this.signsIn = signsIn;
    }

    public boolean reads() {
        return reads;
    }

    public boolean submits() {
        return submits;
    }

    /** Whether the account has a password and may use the dashboard. */
    public boolean signsIn() {
        return signsIn;
    }

    /** As stored and typed: lower case. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Role parse(String text) {
        for (Role role : values()) {
            if (role.id().equals(text == null ? "" : text.strip().toLowerCase(Locale.ROOT))) {
                return role;
            }
        }
        String known = Arrays.stream(values()).map(Role::id).collect(Collectors.joining(", "));
        throw new AccessException("没有这个角色：" + text + "（可用 " + known + "）", "no such role: " + text + " (use one of " + known + ")");
    }
}
