package dev.farol.examples.installments;

/** The domain error: no installment has this id. */
public class InstallmentNotFoundException extends RuntimeException {
  private final String id;

  public InstallmentNotFoundException(String id) {
    super("installment " + id + " does not exist");
    this.id = id;
  }

  public String id() {
    return id;
  }
}
