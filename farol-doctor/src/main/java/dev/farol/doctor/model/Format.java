package dev.farol.doctor.model;

/** The kinds of input the doctor reads. */
public enum Format {
  TERRAFORM("Terraform"),
  SAM("AWS SAM"),
  CLOUDFORMATION("CloudFormation"),
  SERVERLESS("Serverless Framework"),
  FUNCTION_JSON("function configuration"),
  FAROL_YAML("farol.yaml");

  private final String label;

  Format(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
