package cn.fazhi.pulse.store;

/** A town, district or city with its name and the code of the scope it belongs to. */
public record ScopeRow(String code, String level, String name, String parentCode, String townLevel, Integer villages) {}
