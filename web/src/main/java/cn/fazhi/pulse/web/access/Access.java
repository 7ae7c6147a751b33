package cn.fazhi.pulse.web.access;

import io.javalin.security.RouteRole;

/** What a route requires, attached to it where it is declared; {@link AccessGate} enforces it for every request. */
public enum Access implements RouteRole {
    /** Anyone: {@code /health}, the sign-in page. */
    OPEN,
    /** Any valid credential: who am I, sign out. */
    SIGNED_IN,
    /** A role that reads, and every scope the request names inside the account's scope. */
    READ,
    /** A role that submits, and every town of the submitted events inside the account's scope. */
    SUBMIT,
    /**
     * An entity ledger uploaded in the browser or by a program ({@code POST /api/ledgers}): a
     * person who submits (a clerk or an administrator, not a supervisor, not a system token), and
     * every town the ledger names inside the account's scope (checked once the file is read).
     */
    LEDGER,
    /** An administrator: {@code /metrics}. */
    ADMIN,
    /** The dashboard page: a role that signs in; anonymous browsers are sent to the sign-in page. */
    DASHBOARD
}
