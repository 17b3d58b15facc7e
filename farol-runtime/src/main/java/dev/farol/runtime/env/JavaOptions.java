package dev.farol.runtime.env;

import java.util.List;

/**
 * The JVM options the Lambda Java runtimes start with for a given memory size: heap, metaspace and
 * code cache sized from the function's memory (85 %, 10 % and 5 %), the serial collector, and C1
 * only, which favours start-up as Lambda does.
 */
public final class JavaOptions {
  private JavaOptions() {}

  public static List<String> forMemory(int memoryMb) {
    long kb = memoryMb * 1024L;
    return List.of(
        "-XX:MaxHeapSize=" + Math.round(kb * 0.85) + "k",
        "-XX:MaxMetaspaceSize=" + Math.round(kb * 0.10) + "k",
        "-XX:ReservedCodeCacheSize=" + Math.round(kb * 0.05) + "k",
        "-XX:+UseSerialGC",
        "-Xshare:auto",
        "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData",
        "-Djava.net.preferIPv4Stack=true",
        "-Dfile.encoding=UTF-8");
  }
}
