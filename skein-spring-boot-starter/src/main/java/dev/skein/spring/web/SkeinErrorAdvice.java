package dev.skein.spring.web;

import dev.skein.core.errors.SkeinError;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Answers a {@link SkeinError} that reaches a controller, in Spring MVC and in WebFlux, as the gateway does:
 * with its status ({@code Unavailable} 503 when no instance of a remote service is up, {@code NotFound} 404,
 * {@code BadRequest} 400...) and its JSON form, {@code {name, message, code, className}} (with {@code data}
 * and {@code errors} when the service set them), no stack trace. Without it Spring answered every one with
 * 500 and logged the error twice. Wrapped errors are found too: a {@link CompletionException} from a
 * {@code CompletableFuture} a controller returned or joined, an {@link ExecutionException} from {@code get()}.
 *
 * <p>It comes last ({@link Ordered#LOWEST_PRECEDENCE}): a controller's own {@code @ExceptionHandler} and an
 * application's {@code @ControllerAdvice} that handle the same errors answer instead. Any other exception,
 * wrapped or not, is left to the application's handlers and to Spring Boot's error page.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
public class SkeinErrorAdvice {

    /** Made by {@link SkeinWebAutoConfiguration}; declare a bean of this type to replace it. */
    public SkeinErrorAdvice() {
    }

    /**
     * The response for {@code failure}: the Skein error's status and JSON form.
     *
     * @throws Exception {@code failure} itself when it is not a Skein error, so that Spring goes on to its other handlers
     */
    @ExceptionHandler({SkeinError.class, CompletionException.class, ExecutionException.class})
    public ResponseEntity<Map<String, Object>> skeinError(Exception failure) throws Exception {
        if (!(SkeinError.unwrap(failure) instanceof SkeinError error)) throw failure;
        return ResponseEntity.status(error.code()).contentType(MediaType.APPLICATION_JSON).body(error.toJson());
    }
}
