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
    /** An administrator: {@code /metrics}. */
    ADMIN,
    /** The dashboard page: a role that signs in; anonymous browsers are sent to the sign-in page. */
    DASHBOARD
}
