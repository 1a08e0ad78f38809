package dev.skein.mesh.internal;

import dev.skein.mesh.Health;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;

/** Reads the node's health from the JDK's management beans (no extra dependency). */
final class HealthProbe {

    private HealthProbe() {
    }

    static Health read(int inFlight) {
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
                ManagementFactory.getRuntimeMXBean().getUptime(), inFlight, os.getAvailableProcessors());
    }
}
