package io.github.sparkactivations.job;

/** A problem with the job's configuration, naming the key and the problem. */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String key, String problem) {
    super("config key '" + key + "': " + problem);
  }

  public ConfigException(String message) {
    super(message);
  }
}
