package cn.fazhi.pulse.web.access;

import cn.fazhi.pulse.store.access.Account;
import cn.fazhi.pulse.store.access.Role;
import cn.fazhi.pulse.schemas.TownCode;
import java.util.Collection;
import java.util.Optional;

/**
 * The one access rule of the HTTP side, plain Java: given what a route requires, who asks and
 * every scope code the request names, the refusal if any. Codes that are not 12 digits are left
 * to the handler, which answers 400 for them (they name nothing to protect).
 */
public final class AccessRule {
    private AccessRule() {}

    /** Why a request is refused: its status (401 or 403) and the reason in both languages. */
    public record Refusal(int status, String messageZh, String messageEn) {}

    static final Refusal NO_CREDENTIALS = new Refusal(401, "请先登录，或以 Authorization: Bearer 令牌访问",
            "sign in first, or send Authorization: Bearer TOKEN");

    public static Optional<Refusal> check(Access required, Account account, Collection<String> scopes) {
        if (required == Access.OPEN) {
            return Optional.empty();
        }
        if (account == null || !account.enabled()) {
            return Optional.of(NO_CREDENTIALS);
        }
        Role role = account.role();
        return switch (required) {
            case OPEN, SIGNED_IN -> Optional.empty();
            case ADMIN -> role == Role.ADMIN ? Optional.empty()
                    : forbidden("仅管理员可访问", "administrators only");
            case DASHBOARD -> role.signsIn() ? Optional.empty()
                    : forbidden("system 账号不能使用看板", "a system account has no dashboard");
            case READ -> !role.reads() ? forbidden("该角色不能查看指标：" + role.id(), "the role " + role.id() + " reads nothing")
                    : outside(account, scopes, false);
            case SUBMIT -> !role.submits() ? forbidden("该角色不能提交事件：" + role.id() + "，所有事件均未发布",
                    "the role " + role.id() + " submits nothing; nothing was published")
                    : outside(account, scopes, true);
        };
    }

    private static Optional<Refusal> outside(Account account, Collection<String> scopes, boolean submitting) {
        for (String code : scopes) {
            if (TownCode.isValid(code) && !account.scope().contains(code)) {
                return submitting
                        ? forbidden(code + " 不在账号 " + account.name() + " 的范围（" + account.scope() + "）内，所有事件均未发布",
                                code + " is outside the scope " + account.scope() + " of " + account.name() + "; nothing was published")
                        : forbidden(code + " 不在账号 " + account.name() + " 的范围（" + account.scope() + "）内",
                                code + " is outside the scope " + account.scope() + " of " + account.name());
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> forbidden(String zh, String en) {
        return Optional.of(new Refusal(403, zh, en));
    }
}
