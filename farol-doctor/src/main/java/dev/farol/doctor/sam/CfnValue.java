package dev.farol.doctor.sam;

import java.util.List;
import java.util.Map;

/** A CloudFormation value after evaluating what the template alone tells. */
sealed interface CfnValue {

  /** A scalar known from the template. */
  record Known(String value) implements CfnValue {}

  /** A value only the deploy knows ({@code !GetAtt Role.Arn}, {@code ${AWS::Region}}): its expression. */
  record Symbolic(String expression) implements CfnValue {}

  record ListV(List<CfnValue> items) implements CfnValue {}

  record MapV(Map<String, CfnValue> entries) implements CfnValue {}

  /** {@code AWS::NoValue}: as if not written. */
  record NoValue() implements CfnValue {}
}
