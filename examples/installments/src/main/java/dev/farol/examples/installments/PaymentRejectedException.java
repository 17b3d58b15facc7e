package dev.farol.examples.installments;

/** The domain refuses a well-formed payment: wrong currency, or more than is still owed. */
public class PaymentRejectedException extends RuntimeException {
  private final String installmentId;

  public PaymentRejectedException(String installmentId, String reason) {
    super(reason);
    this.installmentId = installmentId;
  }

  public String installmentId() {
    return installmentId;
  }
}
