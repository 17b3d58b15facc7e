package dev.farol.examples.installments;

import java.math.BigDecimal;
import java.time.LocalDate;

/** One installment of a purchase paid in parts. */
public record Installment(String id, String customer, BigDecimal amount, String currency, LocalDate dueDate,
    String status) {}
