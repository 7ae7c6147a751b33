package cn.fazhi.pulse.producers.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * The towns of a simulation: the five seed towns first (real codes and names), then synthetic
 * towns named 模拟镇 in synthetic districts of the seed towns' cities (天津市 1201, 淄博市 3703),
 * so that district and city roll-ups have many towns to sum. Synthetic codes use district numbers
 * 80–99, which no real district of those cities has.
 */
public final class TownList {
    private static final List<SimulatedTown> SEED_TOWNS = List.of(
            new SimulatedTown("120111101000", "杨柳青镇", "西青区", "天津市", "TOWN", 35),
            new SimulatedTown("120111102000", "辛口镇", "西青区", "天津市", "TOWN", 24),
            new SimulatedTown("370323106000", "大张庄镇", "沂源县", "淄博市", "TOWN", 62),
            new SimulatedTown("120119109000", "上仓镇", "蓟州区", "天津市", "TOWN", 41),
            new SimulatedTown("120116051000", "大港街道", "滨海新区", "天津市", "STREET", 18));
    private static final int TOWNS_PER_DISTRICT = 12;

    private TownList() {}

    /** The first {@code count} towns: the seed towns, then synthetic ones. */
    public static List<SimulatedTown> first(int count) {
        List<SimulatedTown> towns = new ArrayList<>(SEED_TOWNS.subList(0, Math.min(count, SEED_TOWNS.size())));
        for (int i = 0; towns.size() < count; i++) {
            boolean tianjin = i % 3 != 2;
            String city = tianjin ? "1201" : "3703";
            int district = 80 + (i / TOWNS_PER_DISTRICT) % 20;
            int town = 101 + i / (TOWNS_PER_DISTRICT * 20) * TOWNS_PER_DISTRICT + i % TOWNS_PER_DISTRICT;
            String code = city + district + String.format("%03d", town) + "000";
            towns.add(new SimulatedTown(code, "模拟" + (i + 1) + "镇", "模拟" + district + (tianjin ? "区" : "县"),
                    tianjin ? "天津市" : "淄博市", "TOWN", 20 + (i * 7) % 40));
        }
        return towns;
    }
}
