package cn.fazhi.pulse.app.cli;

import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.Account;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.Passwords;
import cn.fazhi.pulse.store.access.Role;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code fazhi user add|list|disable}: the accounts of people and programs (docs/security.md). */
@Command(name = "user", mixinStandardHelpOptions = true,
        description = {"Manage accounts (against the configured database, or a running ./fazhi demo). See docs/security.md.",
                "管理账号：admin 管理员、supervisor 督导（只读本范围）、clerk 镇街办事员、system 程序（仅令牌）。"},
        subcommands = {UserCommand.Add.class, UserCommand.ListAccounts.class, UserCommand.Disable.class})
final class UserCommand {

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create an account bound to a role and a 12-digit scope.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "NAME", description = "the login (lower-case letters, digits, . _ -), not a person's name")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, supervisor, clerk or system")
        String role;

        @Option(names = "--scope", required = true, paramLabel = "CODE",
                description = "12-digit code of a town, district or city, or 000000000000 for everything (a clerk's is a town)")
        String scope;

        @Option(names = "--password-stdin", description = "read the password from the first line of standard input "
                + "(else it is asked on the terminal, or generated and printed)")
        boolean passwordStdin;

        @Override
        public Integer call() throws Exception {
            Role parsed = Role.parse(role);
            if (!TownCode.isValid(scope)) {
                throw new ParameterException(spec.commandLine(), "--scope 须为 12 位区划代码 / --scope must be a 12-digit division code: " + scope);
            }
            AccessScope bound = new AccessScope(scope);
            char[] password = null;
            boolean generated = false;
            if (parsed.signsIn()) {
                if (passwordStdin) {
                    password = readStdin();
                } else if (System.console() != null) {
                    password = ask(System.console());
                } else {
                    password = Passwords.generate();
                    generated = true;
                }
            }
            try {
                Account account = new AccountStore(AccessDatabase.open(options).jdbi()).add(name, parsed, bound, password);
                System.out.printf("已创建账号 / created account %s: %s, scope %s%n", account.name(), account.role().id(), account.scope());
                if (generated) {
                    System.out.println("生成的密码（只显示这一次）/ generated password (shown once):");
                    System.out.println(new String(password));
                } else if (!parsed.signsIn()) {
                    System.out.println("system 账号以令牌登录 / a system account signs in with a token: ./fazhi token create " + account.name());
                }
                return 0;
            } finally {
                if (password != null) {
                    Arrays.fill(password, '\0');
                }
            }
        }

        private static char[] readStdin() throws IOException {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("标准输入中没有密码 / no password on standard input");
            }
            return line.toCharArray();
        }

        private static char[] ask(Console console) {
            char[] first = console.readPassword("密码 / password: ");
            char[] again = console.readPassword("再输入一次 / again: ");
            if (first == null || again == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("两次输入的密码不同 / the two passwords differ");
            }
            Arrays.fill(again, '\0');
            return first;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the accounts: name, role, scope, state.")
    static final class ListAccounts implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Override
        public Integer call() {
            System.out.printf("%-24s %-10s %-12s %s%n", "name", "role", "scope", "state");
            for (Account a : new AccountStore(AccessDatabase.open(options).jdbi()).list()) {
                System.out.printf("%-24s %-10s %-12s %s%n", a.name(), a.role().id(), a.scope(), a.enabled() ? "enabled" : "disabled " + a.disabledAt());
            }
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true, description = "Disable an account for good and revoke its tokens and sessions.")
    static final class Disable implements Callable<Integer> {
        @Mixin
        ConfigOptions options;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            new AccountStore(AccessDatabase.open(options).jdbi()).disable(name);
            System.out.println("已停用 / disabled " + name + "; its tokens and sessions no longer work");
            return 0;
        }
    }
}
