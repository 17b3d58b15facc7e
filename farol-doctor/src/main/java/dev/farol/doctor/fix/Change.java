package dev.farol.doctor.fix;

import dev.farol.doctor.model.Val;

/** One edit a fix makes to a function's definition, whatever its format. */
public sealed interface Change {

  /** Point the handler at {@code value}. */
  record SetHandler(String value) implements Change {}

  /** Set environment variable {@code name} (added, or its value replaced). */
  record SetEnv(String name, String value) implements Change {}

  /** Remove environment variable {@code name}. */
  record RemoveEnv(String name) implements Change {}

  /** Rename environment variable {@code from} to {@code to}, keeping its value. */
  record RenameEnv(String from, String to) implements Change {}

  /** Append a layer. */
  record AddLayer(String arn) implements Change {}

  /** Remove the layer written at {@code layer}. */
  record RemoveLayer(Val layer) implements Change {}

  /** Replace the layer written at {@code layer} with {@code arn}. */
  record ReplaceLayer(Val layer, String arn) implements Change {}

  /** Set a plain setting of the function (its timeout, memory, tracing mode, …). */
  record SetSetting(Setting setting, String value) implements Change {}

  /** Allow the function's role {@code action} on {@code resource}, where the role's policies are written. */
  record AddPermission(String action, String resource) implements Change {}

  /** Something to do that is not an edit of this definition (add a permission to a role elsewhere, …). */
  record Advice(String text) implements Change {}

  /** The plain settings a fix can set. */
  enum Setting {
    TIMEOUT, MEMORY, TRACING
  }
}
