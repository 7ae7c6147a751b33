package cn.fazhi.pulse.runtime.config;

import java.util.List;

/** Settings that cannot be used, all of them at once, each naming its key. */
public class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
