package dev.skein.cli;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.internal.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code skein call}: one call of any method, result as JSON. */
@Command(name = "call", mixinStandardHelpOptions = true,
        description = "Call a method of a service anywhere on the mesh and print the JSON result (or the error, with its exit code).")
final class CallCommand implements Callable<Integer> {

    @Mixin
    MeshArgs mesh;

    @Parameters(index = "0", description = "Service path, e.g. todos")
    String path;

    @Parameters(index = "1", description = "Method: find, get, create, update, patch, remove or a custom one")
    String method;

    @Parameters(index = "2", arity = "0..1", description = "JSON data for create, update, patch and custom methods")
    String data;

    @Option(names = "--id", description = "Item id for get, update, patch and remove")
    String id;

    @Option(names = "--query", description = "JSON query, e.g. '{\"done\":false,\"$limit\":5}'")
    String query;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() {
        try (Client client = new Client(mesh)) {
            Params params = new Params().provider("cli");
            if (query != null) {
                if (!(Json.read(query) instanceof Map<?, ?> q)) throw new dev.skein.core.errors.BadRequest("--query must be a JSON object");
                params.withQuery((Map<String, ?>) q);
            }
            Object body = data == null ? null : Json.read(data);
            Object itemId = id == null ? null : dev.skein.gateway.internal.QueryString.type(id);
            Object result = client.mesh.call(path, method, itemId, Methods.takesData(method) ? body : null, params).join();
            System.out.println(Json.write(result));
            return 0;
        } catch (RuntimeException e) {
            SkeinError error = SkeinError.from(e);
            System.err.println(Json.write(error.toJson()));
            return Main.exitCode(error.code());
        }
    }
}
