package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.store.access.AccountStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fazhi token create|revoke}: bearer tokens for programs and scripts (docs/security.md). */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Create or revoke bearer tokens (Authorization: Bearer …) of an account. See docs/security.md.",
                "令牌只显示一次，数据库只保存其哈希。"},
        subcommands = {TokenCommand.Create.class, TokenCommand.Revoke.class})
final class TokenCommand {

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Print a new token of the account, alone on the last line of standard output, once.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "NAME", description = "the account")
        String name;

        @Option(names = "--expires-days", paramLabel = "N", defaultValue = "90", description = "days until it stops working (default ${DEFAULT-VALUE})")
        int expiresDays;

        @Override
        public Integer call() {
            if (expiresDays < 1 || expiresDays > 3650) {
                throw new ParameterException(spec.commandLine(), "--expires-days 须在 1 到 3650 之间 / must be between 1 and 3650: " + expiresDays);
            }
            AccountStore.IssuedToken token = new AccountStore(AccessDatabase.open(options).jdbi()).createToken(name, Duration.ofDays(expiresDays));
            System.out.printf("令牌 #%d（%s 到期，只显示这一次）/ token #%d of %s, expires %s, shown once:%n", token.id(), token.expiresAt(), token.id(), name,
                    token.expiresAt());
            System.out.println(token.secret());
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke every token and session of an account.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Option(names = "--user", required = true, paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            int revoked = new AccountStore(AccessDatabase.open(options).jdbi()).revokeTokens(name);
            System.out.printf("已撤销 %d 个令牌和会话 / revoked %d tokens and sessions of %s%n", revoked, revoked, name);
            return 0;
        }
    }
}
