package dev.skein.mesh;

/** How a call picks among the instances of a service. A local instance is always preferred when one exists. */
public enum Balancing {
    /** Each instance in turn (the default, as in happner-cluster). */
    ROUND_ROBIN,
    /** An instance at random. */
    RANDOM,
    /** The instance with the fewest calls this node has in flight to it. */
    FEWEST_IN_FLIGHT
}
