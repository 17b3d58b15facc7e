package dev.farol.cli;

import picocli.CommandLine.Command;

/**
 * {@code farol up}: the main job. Loads the functions (the working directory's template, the given
 * one, or the bundled examples) and runs them on the local Lambda in the foreground.
 */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Run everything locally in the foreground: the functions on the local Lambda "
        + "(Invoke API on 127.0.0.1:9001, API Gateway front on 127.0.0.1:3000).",
        "Loads template.yaml (or farol.yaml) from the working directory, the --template file, or the bundled "
            + "examples. Ctrl-C or SIGTERM ends every execution environment and leaves no process behind."})
final class UpCommand extends RuntimeCommand {
}
