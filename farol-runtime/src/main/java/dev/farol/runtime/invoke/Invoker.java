package dev.farol.runtime.invoke;

/**
 * Runs one invocation of a function and waits for its outcome, the way a synchronous
 * ({@code RequestResponse}) Lambda Invoke does. The Invoke API and the API Gateway front are
 * both built on this.
 */
public interface Invoker {

  /**
   * Invokes and blocks until the function has answered (or failed, or timed out).
   *
   * @return the outcome; a function error is a result with {@link InvokeResult#functionError()} set
   * @throws InvokeException when Lambda itself refuses the call (unknown function, throttled,
   *     payload too large, …): the caller answers with the service error
   */
  InvokeResult invoke(InvokeRequest request) throws InvokeException;
}
