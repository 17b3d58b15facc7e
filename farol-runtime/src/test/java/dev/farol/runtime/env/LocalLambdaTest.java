package dev.farol.runtime.env;

import org.junit.jupiter.api.Nested;

/** Runs the local Lambda contract in both isolation modes. */
class LocalLambdaTest {

  @Nested
  class Isolated extends LocalLambdaContract {
    @Override
    String isolation() {
      return "isolated";
    }
  }

  @Nested
  class Plain extends LocalLambdaContract {
    @Override
    String isolation() {
      return "plain";
    }
  }
}
