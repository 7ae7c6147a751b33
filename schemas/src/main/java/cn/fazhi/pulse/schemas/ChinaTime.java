package cn.fazhi.pulse.schemas;

import java.time.ZoneId;

/** Calendar periods are cut in China Standard Time, whatever zone an event was written in. */
public final class ChinaTime {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private ChinaTime() {}
}
