package dev.farol.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.TreeMap;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;

class FunctionMinutesTest {
  @Test
  void everyDuration_isWithinOnePercentOfItsBucketsValue() {
    for (double ms = 0.002; ms < 900_000; ms *= 1.0137) {
      assertThat(FunctionMinutes.value(FunctionMinutes.bucket(ms))).isCloseTo(ms, Percentage.withPercentage(1.0));
    }
    assertThat(FunctionMinutes.bucket(0)).isZero();
    assertThat(FunctionMinutes.bucket(-3)).isZero();
  }

  @Test
  void quantiles_ofMergedMinutes_matchTheExactOnesWithinTheBucketError() {
    TreeMap<Integer, Long> merged = new TreeMap<>();
    java.util.List<Double> all = new java.util.ArrayList<>();
    java.util.SplittableRandom r = new java.util.SplittableRandom(5);
    for (int minute = 0; minute < 10; minute++) {
      FunctionMinutes.Delta d = new FunctionMinutes.Delta();
      for (int i = 0; i < 1000; i++) {
        double ms = Math.exp(r.nextDouble() * 8); // 1 ms .. 3 s, log-uniform
        d.add(ms, false, false, 512, 0, 0);
        all.add(ms);
      }
      d.buckets.forEach((b, c) -> merged.merge(b, c, Long::sum));
    }
    java.util.Collections.sort(all);
    for (double q : new double[] {0.5, 0.9, 0.95, 0.99}) {
      double exact = all.get((int) Math.ceil(q * all.size()) - 1); // nearest rank
      assertThat(FunctionMinutes.quantile(merged, q, all.get(0), all.get(all.size() - 1)))
          .isCloseTo(exact, Percentage.withPercentage(1.0));
    }
  }

  @Test
  void highPercentilesOfFewValues_areTheLargest() {
    FunctionMinutes.Delta d = new FunctionMinutes.Delta();
    d.add(3.0, false, false, 512, 0, 0);
    d.add(27.0, false, true, 512, 0, 0);
    TreeMap<Integer, Long> b = new TreeMap<>(d.buckets);
    assertThat(FunctionMinutes.quantile(b, 0.5, 3.0, 27.0)).isCloseTo(3.0, Percentage.withPercentage(1.0));
    assertThat(FunctionMinutes.quantile(b, 0.99, 3.0, 27.0)).isCloseTo(27.0, Percentage.withPercentage(1.0));
  }

  @Test
  void minutes_areFloored() {
    assertThat(FunctionMinutes.minute(120_000_000_000L + 59_999_999_999L)).isEqualTo(120_000_000_000L);
  }
}
