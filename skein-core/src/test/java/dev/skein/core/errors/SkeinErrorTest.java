package dev.skein.core.errors;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SkeinErrorTest {

    static Stream<Arguments> everyErrorClass() {
        return Stream.of(
                arguments(BadRequest.class, 400, "BadRequest", "bad-request"),
                arguments(NotAuthenticated.class, 401, "NotAuthenticated", "not-authenticated"),
                arguments(PaymentError.class, 402, "PaymentError", "payment-error"),
                arguments(Forbidden.class, 403, "Forbidden", "forbidden"),
                arguments(NotFound.class, 404, "NotFound", "not-found"),
                arguments(MethodNotAllowed.class, 405, "MethodNotAllowed", "method-not-allowed"),
                arguments(NotAcceptable.class, 406, "NotAcceptable", "not-acceptable"),
                arguments(Timeout.class, 408, "Timeout", "timeout"),
                arguments(Conflict.class, 409, "Conflict", "conflict"),
                arguments(LengthRequired.class, 411, "LengthRequired", "length-required"),
                arguments(PayloadTooLarge.class, 413, "PayloadTooLarge", "payload-too-large"),
                arguments(Unprocessable.class, 422, "Unprocessable", "unprocessable"),
                arguments(TooManyRequests.class, 429, "TooManyRequests", "too-many-requests"),
                arguments(GeneralError.class, 500, "GeneralError", "general-error"),
                arguments(NotImplemented.class, 501, "NotImplemented", "not-implemented"),
                arguments(BadGateway.class, 502, "BadGateway", "bad-gateway"),
                arguments(Unavailable.class, 503, "Unavailable", "unavailable"));
    }

    private static SkeinError make(Class<? extends SkeinError> type, String message, Object data, Object errors) {
        try {
            return type.getConstructor(String.class, Object.class, Object.class).newInstance(message, data, errors);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(type + " lacks the (message, data, errors) constructor", e);
        }
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("everyErrorClass")
    void everyErrorHasItsCodeAndName(Class<? extends SkeinError> type, int code, String name, String className) throws Exception {
        SkeinError error = type.getConstructor(String.class).newInstance("something happened");

        assertThat(error).isInstanceOf(RuntimeException.class);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.name()).isEqualTo(name);
        assertThat(error.className()).isEqualTo(className);
        assertThat(error.getMessage()).isEqualTo("something happened");
        assertThat(error.data()).isNull();
        assertThat(error.errors()).isNull();
        assertThat(error).hasToString(name + " (" + code + "): something happened");
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("everyErrorClass")
    void toJsonHoldsNameMessageCodeClassNameDataAndErrors(Class<? extends SkeinError> type, int code, String name, String className) {
        SkeinError error = make(type, "it went wrong", Map.of("id", 7), List.of(Map.of("field", "text", "message", "required")));

        Map<String, Object> json = error.toJson();

        assertThat(json).containsOnlyKeys("name", "message", "code", "className", "data", "errors");
        assertThat(json).containsEntry("name", name)
                .containsEntry("message", "it went wrong")
                .containsEntry("code", code)
                .containsEntry("className", className)
                .containsEntry("data", Map.of("id", 7))
                .containsEntry("errors", List.of(Map.of("field", "text", "message", "required")));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("everyErrorClass")
    void fromJsonRoundTripsToTheSameClass(Class<? extends SkeinError> type, int code, String name, String className) {
        SkeinError error = make(type, "it went wrong", Map.of("id", 7), Map.of("text", "required"));

        SkeinError back = SkeinError.fromJson(error.toJson());

        assertThat(back).isExactlyInstanceOf(type);
        assertThat(back.getMessage()).isEqualTo("it went wrong");
        assertThat(back.code()).isEqualTo(code);
        assertThat(back.data()).isEqualTo(Map.of("id", 7));
        assertThat(back.errors()).isEqualTo(Map.of("text", "required"));
        assertThat(back.toJson()).isEqualTo(error.toJson());
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("everyErrorClass")
    void fromJsonRoundTripsThroughJsonText(Class<? extends SkeinError> type, int code, String name, String className) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        SkeinError error = make(type, "over the wire", Map.of("id", 7), List.of("a", "b"));

        String text = mapper.writeValueAsString(error.toJson());
        SkeinError back = SkeinError.fromJson(mapper.readValue(text, Map.class));

        assertThat(back).isExactlyInstanceOf(type);
        assertThat(back.getMessage()).isEqualTo("over the wire");
        assertThat(back.data()).isEqualTo(Map.of("id", 7));
        assertThat(back.errors()).isEqualTo(List.of("a", "b"));
    }

    @ParameterizedTest(name = "{1} {2}")
    @MethodSource("everyErrorClass")
    void ofMakesTheClassOfACode(Class<? extends SkeinError> type, int code, String name, String className) {
        SkeinError error = SkeinError.of(code, "by code");

        assertThat(error).isExactlyInstanceOf(type);
        assertThat(error.getMessage()).isEqualTo("by code");
    }

    @Test
    void toJsonLeavesOutDataAndErrorsThatAreNotSet() {
        assertThat(new NotFound("No todo 3").toJson())
                .containsExactly(Map.entry("name", "NotFound"), Map.entry("message", "No todo 3"),
                        Map.entry("code", 404), Map.entry("className", "not-found"));
    }

    @Test
    void fromJsonFindsTheClassByCodeWhenTheNameIsMissing() {
        SkeinError error = SkeinError.fromJson(Map.of("code", 409, "message", "taken"));

        assertThat(error).isExactlyInstanceOf(Conflict.class).hasMessage("taken");
    }

    @Test
    void fromJsonAcceptsTheKebabClassNameAsName() {
        assertThat(SkeinError.fromJson(Map.of("name", "not-found", "message", "x"))).isExactlyInstanceOf(NotFound.class);
    }

    @Test
    void anUnknownNameAndCodeGiveAGeneralErrorThatKeepsTheMessage() {
        SkeinError unknown = SkeinError.fromJson(Map.of("name", "Teapot", "code", 418, "message", "short and stout"));
        SkeinError nameOnly = SkeinError.fromJson(Map.of("name", "Teapot", "message", "no code"));
        SkeinError nothing = SkeinError.fromJson(Map.of());

        assertThat(unknown).isExactlyInstanceOf(GeneralError.class).hasMessage("short and stout");
        assertThat(unknown.code()).isEqualTo(500);
        assertThat(nameOnly).isExactlyInstanceOf(GeneralError.class).hasMessage("no code");
        assertThat(nothing).isExactlyInstanceOf(GeneralError.class).hasMessage("");
        assertThat(SkeinError.of(418, "teapot")).isExactlyInstanceOf(GeneralError.class).hasMessage("teapot");
    }

    @Test
    void fromKeepsASkeinErrorAndUnwrapsAsyncWrappers() {
        NotFound notFound = new NotFound("No todo 1");

        assertThat(SkeinError.from(notFound)).isSameAs(notFound);
        assertThat(SkeinError.from(new CompletionException(notFound))).isSameAs(notFound);
        assertThat(SkeinError.from(new ExecutionException(new CompletionException(notFound)))).isSameAs(notFound);
    }

    @Test
    void aPlainExceptionBecomesAGeneralErrorWithoutItsMessageOrStackTrace() throws Exception {
        RuntimeException secret = new RuntimeException("secret db password");

        SkeinError error = SkeinError.from(new CompletionException(secret));

        assertThat(error).isExactlyInstanceOf(GeneralError.class);
        assertThat(error.code()).isEqualTo(500);
        assertThat(error.getMessage()).isEqualTo(SkeinError.INTERNAL_MESSAGE).doesNotContain("secret");
        assertThat(error.getCause()).as("kept for local logging").isSameAs(secret);
        Map<String, Object> json = error.toJson();
        assertThat(json).containsOnlyKeys("name", "message", "code", "className");
        String text = new ObjectMapper().writeValueAsString(json);
        assertThat(text).doesNotContain("secret").doesNotContain("stack").doesNotContain("RuntimeException")
                .doesNotContain("SkeinErrorTest");
    }

    @Test
    void anErrorCanCarryDataAndACause() {
        IllegalStateException cause = new IllegalStateException("root");

        Unavailable error = new Unavailable("Try later", Map.of("retryAfter", 5), null, cause);

        assertThat(error.getCause()).isSameAs(cause);
        assertThat(error.data()).isEqualTo(Map.of("retryAfter", 5));
        assertThat(new BadRequest("x", Map.of("a", 1)).data()).isEqualTo(Map.of("a", 1));
        assertThat(new BadRequest(null).getMessage()).isEmpty();
    }
}
