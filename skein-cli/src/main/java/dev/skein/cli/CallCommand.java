package dev.skein.cli;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** {@code skein call}: one call of any method, result as JSON. */
@Command(modelTransformer = SettingFlags.Mesh.class, name = "call", mixinStandardHelpOptions = true,
        description = {"Call a method of a service anywhere on the mesh and print the JSON result on stdout.",
                "A failed call prints its error as one JSON line on stderr and exits with the error's code - 300.",
                "Waits up to --timeout for a node serving the path, saying so on stderr after a second."},
        exitCodeListHeading = Main.EXIT_CODES,
        exitCodeList = {"0:the call answered; its result is on stdout", Main.USAGE,
                "100:BadRequest (400), e.g. a data or --query argument that is not JSON",
                "101:NotAuthenticated (401)", "103:Forbidden (403)", "104:NotFound (404), e.g. no item with that --id",
                "108:Timeout (408): no answer within --timeout", "200:GeneralError (500): the service failed",
                "203:Unavailable (503): no node serves the path within --timeout, or the broker is down",
                "100-255:any other error of the call: its code - 300"})
final class CallCommand implements Callable<Integer> {

    /** How long a call may take before the command says what it is waiting for. */
    private static final long QUIET_MILLIS = 1000;

    @Mixin
    MeshArgs mesh;

    @Parameters(index = "0", description = "Service path, e.g. todos")
    String path;

    @Parameters(index = "1", description = "Method: find, get, create, update, patch, remove or a custom one")
    String method;

    @Parameters(index = "2", arity = "0..1", description = "JSON data for create, update, patch and custom methods, e.g. '{\"text\":\"hi\"}'")
    String data;

    @Option(names = "--id", description = "Item id for get, update, patch and remove")
    String id;

    @Option(names = "--query", description = "JSON query, e.g. '{\"done\":false,\"$limit\":5}'")
    String query;

    @Spec
    CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        Params params = new Params().provider("cli");
        Object body;
        try {
            if (query != null) {
                if (!(json("--query", query) instanceof Map<?, ?> q)) throw new BadRequest("--query must be a JSON object, got " + query);
                params.withQuery((Map<String, ?>) q);
            }
            body = data == null ? null : json("the data argument", data);
        } catch (SkeinError e) {
            return failed(e);
        }
        Object itemId = id == null ? null : dev.skein.gateway.internal.QueryString.type(id);
        try (Client client = new Client(mesh)) {
            CompletableFuture<Object> answer = client.mesh.call(path, method, itemId, Methods.takesData(method) ? body : null, params);
            Object result;
            try {
                try {
                    result = answer.get(QUIET_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    sayWhatItWaitsFor(client);
                    result = answer.join();
                }
            } catch (java.util.concurrent.ExecutionException | RuntimeException e) {
                if (SkeinError.unwrap(e) instanceof SkeinError error) return failed(error);
                throw e;
            }
            System.out.println(Json.write(result));
            return 0;
        }
    }

    private void sayWhatItWaitsFor(Client client) {
        boolean served = client.mesh.services().stream().anyMatch(s -> s.path().equals(dev.skein.core.App.normalize(path)));
        String timeout = Client.seconds(mesh.timeout());
        if (served) Client.say("waiting up to %s for %s.%s to answer...", timeout, path, method);
        else Client.say("waiting up to %s for a node serving '%s' in namespace '%s' (%s)...", timeout, path, mesh.namespace(), client.where());
    }

    private static Object json(String what, String text) {
        try {
            return Json.read(text);
        } catch (BadRequest e) {
            throw new BadRequest(what + " is not JSON: " + e.getMessage());
        }
    }

    /** The error as one JSON line on stderr (and its stack trace with --verbose); its exit code. */
    private int failed(SkeinError error) {
        System.err.println(Json.write(error.toJson()));
        if (Failures.verbose(spec)) error.printStackTrace();
        return Main.exitCode(error.code());
    }
}
