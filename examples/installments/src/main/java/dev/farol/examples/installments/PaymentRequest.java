package dev.farol.examples.installments;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.math.BigDecimal;

/** The body of {@code POST /installments/{id}/payments}. */
public record PaymentRequest(
    @NotNull @Positive BigDecimal amount,
    @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be a three-letter ISO 4217 code") String currency) {}
