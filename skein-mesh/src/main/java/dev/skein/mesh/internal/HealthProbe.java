package dev.skein.mesh.internal;

import dev.skein.mesh.Health;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;

/**
 * Reads the node's health from the JDK's management beans (no extra dependency). The machine's and
 * the JVM's figures are read at most every {@link #MAX_AGE_NANOS} and shared by every node of the
 * JVM: reading them means reading {@code /proc}, and a node sends its health in every heartbeat
 * and every hello (a node joining a mesh of N sends N hellos).
 */
final class HealthProbe {

    static final long MAX_AGE_NANOS = 250_000_000L;
    private static volatile Health last;
    private static volatile long readAt;
    private static final java.util.concurrent.atomic.AtomicBoolean READING = new java.util.concurrent.atomic.AtomicBoolean();

    private HealthProbe() {
    }

    static Health read(int inFlight) {
        Health machine = last;
        long now = System.nanoTime();
        if (machine == null || now - readAt > MAX_AGE_NANOS && READING.compareAndSet(false, true)) {
            try { // one thread reads; the others take the last figures meanwhile
                machine = readMachine();
                last = machine;
                readAt = now;
            } finally {
                READING.set(false);
            }
        }
        return new Health(machine.cpuLoad(), machine.processCpuLoad(), machine.loadAverage(), machine.freeMemory(),
                machine.totalMemory(), machine.heapUsed(), machine.heapMax(), machine.uptimeMillis(), inFlight, machine.processors());
    }

    private static Health readMachine() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        double cpu = -1;
        double processCpu = -1;
        long free = -1;
        long total = -1;
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            cpu = sun.getCpuLoad();
            processCpu = sun.getProcessCpuLoad();
            free = sun.getFreeMemorySize();
            total = sun.getTotalMemorySize();
        }
        return new Health(cpu, processCpu, os.getSystemLoadAverage(), free, total, heap.getUsed(), heap.getMax(),
                ManagementFactory.getRuntimeMXBean().getUptime(), 0, os.getAvailableProcessors());
    }
}
