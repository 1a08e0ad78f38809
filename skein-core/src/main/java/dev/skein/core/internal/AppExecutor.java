package dev.skein.core.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Method;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the executor that runs service code, hooks and listeners: virtual threads when the
 * runtime has them (Java 21+, found at run time since Skein compiles for 17), else a bounded pool.
 */
public final class AppExecutor {

    private static final Logger LOG = LoggerFactory.getLogger(AppExecutor.class);

    /** Threads of the fallback pool: enough for blocking service code on a small machine. */
    public static final int POOL_THREADS = Math.max(16, 4 * Runtime.getRuntime().availableProcessors());
    /** Tasks the fallback pool queues before it refuses work. */
    public static final int POOL_QUEUE = 65_536;

    private AppExecutor() {
    }

    /** True when this runtime can make virtual threads. */
    public static boolean virtualThreadsAvailable() {
        return virtualFactory() != null;
    }

    /**
     * A new executor the caller owns and must shut down: one virtual thread per task when the
     * runtime has them, else a pool of {@link #POOL_THREADS} daemon threads named {@code name-N}
     * that refuses work once {@link #POOL_QUEUE} tasks wait.
     */
    public static ExecutorService create(String name) {

        Method factory = virtualFactory();
        if (factory != null) {
            try {
                return (ExecutorService) factory.invoke(null);
            } catch (ReflectiveOperationException e) {
                LOG.debug("virtual threads are present but could not be used; using a pool", e);
            }
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory threads = r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ThreadPoolExecutor pool = new ThreadPoolExecutor(POOL_THREADS, POOL_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(POOL_QUEUE), threads, new ThreadPoolExecutor.AbortPolicy());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static Method virtualFactory() {
        try {
            return java.util.concurrent.Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
