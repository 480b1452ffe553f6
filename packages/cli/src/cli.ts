/**
 * Where a command writes its output. The bin passes the process streams;
 * tests pass collectors.
 *
 * @public
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Whether stdout is a terminal that people read, which turns on colour. */
  isTTY: boolean;
}

/**
 * Exit codes of the `istio-mesh` CLI. Criteria that fail are findings, not
 * errors: a report that ran is a success.
 *
 * @public
 */
export const ExitCode = {
  Success: 0,
  /** `analyze` found messages at or above `--fail-on`. */
  Findings: 1,
  /** Bad arguments, unreadable paths, or nothing to read. */
  UsageError: 2,
  /** A bug in the CLI: never taken for findings or a usage error. */
  InternalError: 3,
} as const;

/** One sub-command of the CLI. */
export interface CliCommand {
  name: string;
  /** One line for the command list. */
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** Prints a usage error with a pointer to the help, and returns its exit code. */
export function usageError(io: CliIo, command: string, message: string) {
  io.stderr.write(
    `${command}: ${message}\nRun '${command} --help' for usage.\n`,
  );
  return ExitCode.UsageError;
}

/**
 * Runs a command's argument parsing (node's `util.parseArgs`), turning its
 * error into a usage error. Returns the parsed arguments or the exit code.
 */
export function parseCommandArgs<T>(
  io: CliIo,
  command: string,
  parse: () => T,
): T | number {
  try {
    return parse();
  } catch (error) {
    // parseArgs appends a long hint on '--' to its first sentence.
    const [message] = (error as Error).message.split('. ');
    return usageError(io, command, message);
  }
}
