package dev.farol.examples.installments;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Repository;

/** Installments and their payments, in memory (one execution environment's worth). */
@Repository
public class InstallmentRepository {
  private final Map<String, Installment> installments = new ConcurrentHashMap<>();
  private final Map<String, List<Payment>> payments = new ConcurrentHashMap<>();

  public InstallmentRepository() {
    LocalDate base = LocalDate.of(2026, 12, 1);
    for (int i = 1; i <= 3; i++) {
      String id = Integer.toString(i);
      installments.put(id, new Installment(id, "customer-" + (100 + i), new BigDecimal("120.50"), "EUR",
          base.plusMonths(i - 1L), "OPEN"));
    }
  }

  public Optional<Installment> find(String id) {
    return Optional.ofNullable(installments.get(id));
  }

  public List<Payment> payments(String installmentId) {
    return List.copyOf(payments.getOrDefault(installmentId, List.of()));
  }

  /** What is still owed on the installment: its amount less the payments made against it. */
  public BigDecimal outstanding(Installment installment) {
    return payments(installment.id()).stream().map(Payment::amount).reduce(installment.amount(), BigDecimal::subtract);
  }

  public void addPayment(Payment p) {
    payments.computeIfAbsent(p.installmentId(), k -> new CopyOnWriteArrayList<>()).add(p);
  }
}
