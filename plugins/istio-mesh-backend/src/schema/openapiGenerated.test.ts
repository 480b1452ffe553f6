import { execFile } from 'child_process';
import { resolve } from 'path';
import { promisify } from 'util';

const packageDir = resolve(__dirname, '../..');

describe('the modules generated from openapi.yaml', () => {
  // Both are written by `npm run generate:openapi`; --check regenerates
  // them in memory, openapi-typescript included, and names any that differ
  // from the committed file.
  it('are regenerated from the current YAML', async () => {
    const stale = await promisify(execFile)(
      process.execPath,
      [resolve(packageDir, 'scripts/generate-openapi.js'), '--check'],
      { cwd: packageDir },
    ).then(
      () => '',
      (error: { stderr?: string; message: string }) =>
        error.stderr || error.message,
    );
    expect(stale).toBe('');
  }, 120_000);
});
