package dev.farol.examples.installments;

import java.math.BigDecimal;
import java.time.Instant;

/** A payment made against an installment. */
public record Payment(String id, String installmentId, BigDecimal amount, String currency, Instant at,
    String ledger) {}
