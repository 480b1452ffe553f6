import { CliIo } from '../cli';

/** A {@link CliIo} that collects what a command writes. */
export function captureIo(options: { isTTY?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    isTTY: options.isTTY ?? false,
  };
  return {
    io,
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
