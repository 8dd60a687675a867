package io.github.sparkactivations.ml;

/**
 * Per-row helpers: invalid-row handling and error messages. (The element-wise stages use
 * {@code sql.ElementwiseExpression}, Maxout {@code sql.RowExpression}; their former UDFs are kept
 * in the tests as the reference.)
 */
final class RowFunctions {
  private RowFunctions() {}

  static final String MESSAGE_SUFFIX = " (handleInvalid = \"error\"; set it to \"skip\" to "
      + "drop such rows or \"keep\" to output null)";

  static String messagePrefix(String stage, String column) {
    return stage + ": column '" + column + "' ";
  }

  static String message(String stage, String column, String problem) {
    return messagePrefix(stage, column) + problem + MESSAGE_SUFFIX;
  }

  /** What to do with an invalid row: throw, or return null. */
  static final class Invalid implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String stage;
    private final String column;
    private final boolean returnNull;

    Invalid(String stage, String column, boolean returnNull) {
      this.stage = stage;
      this.column = column;
      this.returnNull = returnNull;
    }

    <R> R row(String problem) {
      if (returnNull) {
        return null;
      }
      throw new InvalidRowException(message(stage, column, problem));
    }
  }
}
