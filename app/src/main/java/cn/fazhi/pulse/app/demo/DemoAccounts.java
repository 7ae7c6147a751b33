package cn.fazhi.pulse.app.demo;

import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.store.access.AccessScope;
import cn.fazhi.pulse.store.access.AccountStore;
import cn.fazhi.pulse.store.access.Passwords;
import cn.fazhi.pulse.store.access.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's accounts: {@code admin} over everything, a {@code clerk-<town>} per town and a
 * {@code supervisor-<district>} per district of the data, each with a generated password, written
 * to a file only its owner can read. Accounts that exist from an earlier run are kept as they are.
 */
public final class DemoAccounts {
    public static final String ADMIN = "admin";

    private DemoAccounts() {}

    /** What was created: the admin's new password (null if the admin existed already) and the file written. */
    public record Created(String adminPassword, Path file, int accounts) {}

    public static Created ensure(AccountStore accounts, List<ScopeRow> scopes, Path file, String signInUrl) throws IOException {
        List<String> lines = new ArrayList<>();
        String adminPassword = create(accounts, ADMIN, Role.ADMIN, AccessScope.EVERYTHING.code(), "全部 everything", lines);
        for (String level : List.of("DISTRICT", "TOWN")) {
            for (ScopeRow scope : scopes) {
                if (scope.level().equals(level)) {
                    create(accounts, (level.equals("TOWN") ? "clerk-" : "supervisor-") + scope.code(), level.equals("TOWN") ? Role.CLERK : Role.SUPERVISOR,
                            scope.code(), scope.name(), lines);
                }
            }
        }
        if (!lines.isEmpty()) {
            write(file, signInUrl, lines);
        }
        return new Created(adminPassword, file, lines.size());
    }

    private static String create(AccountStore accounts, String name, Role role, String scope, String label, List<String> lines) {
        if (accounts.find(name).isPresent()) {
            return null;
        }
        char[] password = Passwords.generate();
        accounts.add(name, role, new AccessScope(scope), password);
        lines.add(String.format("%-26s %-11s %-13s %-17s %s", name, role.id(), scope, new String(password), label));
        return new String(password);
    }

    /** Appends to the file, created readable by its owner only before anything is written to it. */
    private static void write(Path file, String signInUrl, List<String> lines) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (!Files.exists(file)) {
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, "# 法治脉搏 demo accounts / 演示账号 — sign in at " + signInUrl + "\n"
                    + String.format("# %-24s %-11s %-13s %-17s %s%n", "account", "role", "scope", "password", "名称 name"), StandardCharsets.UTF_8,
                    StandardOpenOption.APPEND);
        }
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}
