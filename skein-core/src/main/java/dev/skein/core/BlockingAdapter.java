package dev.skein.core;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Serves a {@link BlockingService} as a {@link Service}: the app already runs calls on its executor, so each completes on the calling thread. */
final class BlockingAdapter implements Service {

    @FunctionalInterface
    private interface Body {
        Object run() throws Exception;
    }

    private final BlockingService target;

    BlockingAdapter(BlockingService target) {
        this.target = target;
    }

    BlockingService target() {
        return target;
    }

    @Override
    public CompletionStage<Object> find(Params params) {
        return run(() -> target.find(params));
    }

    @Override
    public CompletionStage<Object> get(Object id, Params params) {
        return run(() -> target.get(id, params));
    }

    @Override
    public CompletionStage<Object> create(Object data, Params params) {
        return run(() -> target.create(data, params));
    }

    @Override
    public CompletionStage<Object> update(Object id, Object data, Params params) {
        return run(() -> target.update(id, data, params));
    }

    @Override
    public CompletionStage<Object> patch(Object id, Object data, Params params) {
        return run(() -> target.patch(id, data, params));
    }

    @Override
    public CompletionStage<Object> remove(Object id, Params params) {
        return run(() -> target.remove(id, params));
    }

    @Override
    public CompletionStage<Object> invoke(String method, Object data, Params params) {
        return run(() -> target.invoke(method, data, params));
    }

    @Override
    public void setup(App app, String path) {
        target.setup(app, path);
    }

    @Override
    public void teardown() {
        target.teardown();
    }

    private static CompletionStage<Object> run(Body body) {
        try {
            return CompletableFuture.completedFuture(body.run());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CompletableFuture.failedFuture(e);
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }
}
