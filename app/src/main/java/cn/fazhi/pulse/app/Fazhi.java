package cn.fazhi.pulse.app;

import cn.fazhi.pulse.app.cli.FazhiCli;

/** The launcher's entry point. */
public final class Fazhi {
    private Fazhi() {}

    public static void main(String[] args) {
        FazhiCli.main(args);
    }
}
