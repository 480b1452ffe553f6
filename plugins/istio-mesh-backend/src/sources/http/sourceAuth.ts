import { readFileSync } from 'fs';
import { isAbsolute, resolve } from 'path';
import { Config } from '@backstage/config';

/** How the backend authenticates to an HTTP source; at most one way. */
export type SourceAuth =
  | { bearerToken: string }
  | { basic: { username: string; password: string } }
  | {};

/** TLS towards an HTTP source: PEM contents, read at start-up. */
export interface SourceTls {
  ca?: string;
  cert?: string;
  key?: string;
}

/** A PEM given inline or as a file path, relative to `baseDir`. */
function readPem(value: string | undefined, baseDir: string) {
  if (value === undefined) return undefined;
  if (value.includes('-----BEGIN')) return value;
  return readFileSync(
    isAbsolute(value) ? value : resolve(baseDir, value),
    'utf8',
  );
}

/**
 * Reads the `url` and `auth` of one HTTP source entry (`at` names it in
 * errors, e.g. `istioMesh.jaeger[0]`): an http(s) URL without credentials
 * (messages name it), and `auth.bearerToken`, `auth.basic` or neither, with
 * optional `auth.tls`.
 */
export function readSourceEndpoint(
  entry: Config,
  at: string,
  baseDir: string,
): { url: string; auth: SourceAuth; tls?: SourceTls } {
  const url = entry.getString('url');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new Error(`${at}.url is not an http(s) URL`);
  }
  const parsed = new URL(url);
  // Messages name the URL: credentials in it would reach logs.
  if (parsed.username || parsed.password) {
    throw new Error(
      `${at}.url must not hold credentials; set ${at}.auth.basic instead`,
    );
  }
  const auth = entry.getOptionalConfig('auth');
  const bearerToken = auth?.getOptionalString('bearerToken');
  const basic = auth?.getOptionalConfig('basic');
  if (bearerToken !== undefined && basic) {
    throw new Error(`${at}.auth: set bearerToken or basic, not both`);
  }
  const tlsConfig = auth?.getOptionalConfig('tls');
  const tls = tlsConfig
    ? {
        ca: readPem(tlsConfig.getOptionalString('ca'), baseDir),
        cert: readPem(tlsConfig.getOptionalString('cert'), baseDir),
        key: readPem(tlsConfig.getOptionalString('key'), baseDir),
      }
    : undefined;
  if (tls && Boolean(tls.cert) !== Boolean(tls.key)) {
    throw new Error(`${at}.auth.tls: set cert and key together`);
  }
  let sourceAuth: SourceAuth = {};
  if (bearerToken) sourceAuth = { bearerToken };
  else if (basic) {
    sourceAuth = {
      basic: {
        username: basic.getString('username'),
        password: basic.getString('password'),
      },
    };
  }
  return {
    url: url.replace(/\/+$/, ''),
    auth: sourceAuth,
    ...(tls ? { tls } : {}),
  };
}
