package cn.fazhi.pulse.producers.simulate;

/** A town the simulator writes history for, with what its reference data says. */
public record SimulatedTown(String code, String name, String district, String city, String level, int villages) {}
