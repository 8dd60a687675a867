package io.github.sparkactivations.ml;

/**
 * An invalid row (null, a null element, or the wrong number of elements) met with
 * {@code handleInvalid = "error"}, or by a SQL function. Its message names the stage or function,
 * the column or argument, and the problem. On a cluster it reaches the driver as the cause of a
 * {@code SparkException}.
 */
public class InvalidRowException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidRowException(String message) {
    super(message);
  }
}
