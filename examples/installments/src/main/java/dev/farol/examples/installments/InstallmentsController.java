package dev.farol.examples.installments;

import dev.farol.tracer.Farol;
import dev.farol.tracer.Scope;
import dev.farol.tracer.Span;
import jakarta.validation.Valid;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Installments and their payments (the {@code installment-payment-transfers} function). */
@RestController
public class InstallmentsController {
  private static final Logger LOG = LoggerFactory.getLogger(InstallmentsController.class);
  private final InstallmentRepository repository;
  private final LedgerClient ledger;

  public InstallmentsController(InstallmentRepository repository, LedgerClient ledger) {
    this.repository = repository;
    this.ledger = ledger;
  }

  @GetMapping("/installments/{id}")
  public Installment installment(@PathVariable("id") String id) {
    return repository.find(id).orElseThrow(() -> new InstallmentNotFoundException(id));
  }

  @GetMapping("/installments/{id}/payments")
  public List<Payment> payments(@PathVariable("id") String id) {
    installment(id);
    return repository.payments(id);
  }

  @PostMapping("/installments/{id}/payments")
  @ResponseStatus(HttpStatus.CREATED)
  public Payment pay(@PathVariable("id") String id, @Valid @RequestBody PaymentRequest request) {
    Installment installment = installment(id);
    if (!installment.currency().equals(request.currency())) {
      throw new PaymentRejectedException(id, "installment " + id + " is paid in " + installment.currency()
          + ", not " + request.currency());
    }
    // a span of the application's own, under the request span (Farol's tracer API, from the tracer layer)
    BigDecimal outstanding;
    Span check = Farol.span("installments.outstanding");
    try (Scope ignored = check.activate()) {
      check.setAttribute("installment.id", id);
      outstanding = repository.outstanding(installment);
      check.setAttribute("installment.outstanding", outstanding.toPlainString());
    } finally {
      check.end();
    }
    if (request.amount().compareTo(outstanding) > 0) {
      throw new PaymentRejectedException(id, "payment of " + request.amount().toPlainString() + " "
          + request.currency() + " exceeds the " + outstanding.toPlainString() + " still owed on installment " + id);
    }
    Payment pending = new Payment(UUID.randomUUID().toString(), id, request.amount(), request.currency(),
        Instant.now(), null);
    Payment done = new Payment(pending.id(), id, pending.amount(), pending.currency(), pending.at(),
        ledger.record(pending));
    repository.addPayment(done);
    LOG.info("payment {} of {} {} on installment {} (ledger: {})", done.id(), done.amount(), done.currency(), id,
        done.ledger());
    return done;
  }

  @GetMapping("/installments/{id}/schedule")
  public List<Object> schedule(@PathVariable("id") String id) {
    installment(id);
    throw new IllegalStateException("schedule calculator not configured for installment " + id);
  }
}
