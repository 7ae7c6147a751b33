package cn.fazhi.pulse.web.access;

import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.Account;
import cn.fazhi.pulse.store.access.Role;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessRuleTest {
    private static final String YLQ = "120111101000";
    private static final String XK = "120111102000";
    private static final String XIQING = "120111000000";

    private static Account account(Role role, String scope) {
        return new Account(1, "a", role, new AccessScope(scope), Instant.EPOCH, null);
    }

    @Test
    void shouldAnswer401WhenThereIsNoAccount() {
        assertThat(AccessRule.check(Access.READ, null, List.of(YLQ))).map(AccessRule.Refusal::status).contains(401);
        assertThat(AccessRule.check(Access.OPEN, null, List.of())).isEmpty();
    }

    @Test
    void shouldLetAClerkReadAndSubmitForItsTownOnlyWhenScopesAreNamed() {
        Account clerk = account(Role.CLERK, YLQ);

        assertThat(AccessRule.check(Access.READ, clerk, List.of(YLQ))).isEmpty();
        assertThat(AccessRule.check(Access.SUBMIT, clerk, List.of(YLQ))).isEmpty();
        assertThat(AccessRule.check(Access.READ, clerk, List.of(XIQING))).map(AccessRule.Refusal::status).contains(403);
        assertThat(AccessRule.check(Access.SUBMIT, clerk, List.of(YLQ, XK))).as("one event outside refuses the whole request")
                .map(AccessRule.Refusal::status).contains(403);
    }

    @Test
    void shouldRefuseEverySubmissionOfASupervisorWhenItsTownsAreInScope() {
        assertThat(AccessRule.check(Access.SUBMIT, account(Role.SUPERVISOR, XIQING), List.of(YLQ))).map(AccessRule.Refusal::status).contains(403);
        assertThat(AccessRule.check(Access.READ, account(Role.SUPERVISOR, XIQING), List.of(XIQING, YLQ))).isEmpty();
    }

    @Test
    void shouldKeepSystemAccountsFromReadingAndTheDashboardWhenTheySubmit() {
        Account system = account(Role.SYSTEM, XIQING);

        assertThat(AccessRule.check(Access.SUBMIT, system, List.of(YLQ, XK))).isEmpty();
        assertThat(AccessRule.check(Access.READ, system, List.of(YLQ))).map(AccessRule.Refusal::status).contains(403);
        assertThat(AccessRule.check(Access.DASHBOARD, system, List.of())).map(AccessRule.Refusal::status).contains(403);
    }

    @Test
    void shouldAdmitOnlyAdministratorsWhenMetricsAreAsked() {
        assertThat(AccessRule.check(Access.ADMIN, account(Role.ADMIN, "000000000000"), List.of())).isEmpty();
        assertThat(AccessRule.check(Access.ADMIN, account(Role.SUPERVISOR, "000000000000"), List.of())).map(AccessRule.Refusal::status).contains(403);
    }

    @Test
    void shouldLeaveMalformedCodesToTheHandlerWhenAScopeIsNotTwelveDigits() {
        assertThat(AccessRule.check(Access.READ, account(Role.CLERK, YLQ), List.of("abc", "2023.md"))).isEmpty();
    }
}
