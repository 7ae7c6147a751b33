package cn.fazhi.pulse.web.query;

import cn.fazhi.pulse.schemas.TownCode;
import cn.fazhi.pulse.store.ScopeRow;
import cn.fazhi.pulse.web.WebException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The cities, districts and towns the database knows, looked up by code; built from one read of the scope table. */
public final class ScopeDirectory {
    private final List<ScopeRow> scopes;
    private final Map<String, ScopeRow> byCode;

    public ScopeDirectory(List<ScopeRow> scopes) {
        this.scopes = List.copyOf(scopes);
        this.byCode = scopes.stream().collect(Collectors.toUnmodifiableMap(ScopeRow::code, Function.identity()));
    }

    public List<ScopeRow> all() {
        return scopes;
    }

    /** The scope of a {@code scope} parameter: 400 when it is not a 12-digit code, 404 when no such scope is known. */
    public ScopeRow require(String code) {
        if (!TownCode.isValid(code)) {
            throw new WebException.BadRequest("scope 须为 12 位区划代码：" + code, "scope must be a 12-digit division code: " + code);
        }
        ScopeRow scope = byCode.get(code);
        if (scope == null) {
            throw new WebException.NotFound("没有这个区划：" + code, "no such scope: " + code);
        }
        return scope;
    }

    /** The scope and every scope below it: what a client watching it is sent. */
    public Set<String> withDescendants(String code) {
        Set<String> found = new LinkedHashSet<>();
        found.add(code);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ScopeRow scope : scopes) {
                if (scope.parentCode() != null && found.contains(scope.parentCode()) && found.add(scope.code())) {
                    grew = true;
                }
            }
        }
        return found;
    }

    /** The towns of a district or city, in code order. */
    public List<ScopeRow> townsOf(String code) {
        Set<String> below = withDescendants(code);
        List<ScopeRow> towns = new ArrayList<>();
        for (ScopeRow scope : scopes) {
            if (scope.level().equals("TOWN") && !scope.code().equals(code) && below.contains(scope.code())) {
                towns.add(scope);
            }
        }
        return towns;
    }
}
