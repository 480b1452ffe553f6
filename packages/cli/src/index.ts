/**
 * The `istio-mesh` command line: mesh criteria over Kubernetes and Istio
 * manifests, for GitOps CI.
 *
 * @packageDocumentation
 */

import { CliCommand, CliIo, ExitCode, usageError } from './cli';
import { analyzeCommand } from './commands/analyze';
import { authzCommand } from './commands/authz';
import { reportCommand } from './commands/report';

export type { CliIo } from './cli';
export { ExitCode } from './cli';

const commands: CliCommand[] = [analyzeCommand, authzCommand, reportCommand];

function usage() {
  const width = Math.max(...commands.map(c => c.name.length));
  const list = commands
    .map(c => `  ${c.name.padEnd(width)}  ${c.summary}`)
    .join('\n');
  return `Usage: istio-mesh <command> [options]

Commands:
${list}

Run 'istio-mesh <command> --help' for a command's options.
`;
}

function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // https://no-color.org
    isTTY: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  };
}

/**
 * Runs the CLI with the arguments after the program name and returns the
 * exit code; it never calls `process.exit`.
 *
 * @public
 */
export async function main(
  argv: string[],
  io: CliIo = processIo(),
): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.stderr.write(usage());
    return ExitCode.UsageError;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const command = commands.find(c => c.name === args[0]);
    io.stdout.write(command ? command.usage : usage());
    return ExitCode.Success;
  }
  const command = commands.find(c => c.name === name);
  if (!command) {
    return usageError(io, 'istio-mesh', `unknown command '${name}'`);
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    io.stderr.write(
      `istio-mesh ${name}: internal error: ${
        (error as Error)?.stack ?? String(error)
      }\n`,
    );
    return ExitCode.InternalError;
  }
}
