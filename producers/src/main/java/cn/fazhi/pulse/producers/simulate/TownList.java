package cn.fazhi.pulse.producers.simulate;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The towns of a simulation: the five seed towns first, then the real townships of the seed
 * towns' districts and cities (resource {@value #REAL_TOWNSHIPS}, from the statistical division
 * codes), then synthetic towns named 模拟镇 in synthetic districts of the same cities, so that
 * district and city roll-ups have as many towns as asked. Synthetic codes use district numbers
 * 80–99, which no real district of those cities has.
 */
public final class TownList {
    static final String REAL_TOWNSHIPS = "towns/real-townships.csv";
    /** The seed towns, with the village counts of their reports (the resource has no villages). */
    private static final List<SimulatedTown> SEED_TOWNS = List.of(
            new SimulatedTown("120111101000", "杨柳青镇", "西青区", "天津市", "TOWN", 35),
            new SimulatedTown("120111102000", "辛口镇", "西青区", "天津市", "TOWN", 24),
            new SimulatedTown("370323106000", "大张庄镇", "沂源县", "淄博市", "TOWN", 62),
            new SimulatedTown("120119109000", "上仓镇", "蓟州区", "天津市", "TOWN", 41),
            new SimulatedTown("120116051000", "大港街道", "滨海新区", "天津市", "STREET", 18));
    private static final List<SimulatedTown> REAL_TOWNS = realTowns();
    private static final int TOWNS_PER_DISTRICT = 12;

    private TownList() {}

    /** The first {@code count} towns: the seed towns, the other real ones, then synthetic ones. */
    public static List<SimulatedTown> first(int count) {
        List<SimulatedTown> towns = new ArrayList<>(REAL_TOWNS.subList(0, Math.min(count, REAL_TOWNS.size())));
        for (int i = 0; towns.size() < count; i++) {
            boolean tianjin = i % 3 != 2;
            String city = tianjin ? "1201" : "3703";
            int district = 80 + (i / TOWNS_PER_DISTRICT) % 20;
            int town = 101 + i / (TOWNS_PER_DISTRICT * 20) * TOWNS_PER_DISTRICT + i % TOWNS_PER_DISTRICT;
            String code = city + district + String.format("%03d", town) + "000";
            towns.add(new SimulatedTown(code, "模拟" + (i + 1) + "镇", "模拟" + district + (tianjin ? "区" : "县"),
                    tianjin ? "天津市" : "淄博市", "TOWN", syntheticVillages(i)));
        }
        return towns;
    }

    /** How many real towns there are before synthetic ones begin. */
    public static int realCount() {
        return REAL_TOWNS.size();
    }

    /** Village counts are not in the division list; a plausible spread of 20–59 stands in. */
    private static int syntheticVillages(int index) {
        return 20 + (index * 7) % 40;
    }

    private static List<SimulatedTown> realTowns() {
        List<SimulatedTown> towns = new ArrayList<>(SEED_TOWNS);
        List<String> seedCodes = SEED_TOWNS.stream().map(SimulatedTown::code).toList();
        try (InputStream in = TownList.class.getClassLoader().getResourceAsStream(REAL_TOWNSHIPS)) {
            if (in == null) {
                throw new IllegalStateException("the town list " + REAL_TOWNSHIPS + " is missing from the producers jar");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            boolean header = true;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                if (header) {
                    header = false;
                    continue;
                }
                String[] cells = line.split(",", -1);
                if (!seedCodes.contains(cells[0])) {
                    towns.add(new SimulatedTown(cells[0], cells[1], cells[2], cells[3], cells[4], syntheticVillages(towns.size())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + REAL_TOWNSHIPS, e);
        }
        return List.copyOf(towns);
    }
}
