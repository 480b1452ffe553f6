import { parseArgs, styleText } from 'node:util';
import {
  AuthorizationRequest,
  authorizeWorkloadRequest,
  describeManifestProblem,
  evaluateMesh,
  ExplicitMeshSettings,
  RequestAuthorization,
  withDefaultNamespace,
  withoutSecretData,
} from '@istio-mesh/plugin-istio-mesh-common';
import { CliCommand, ExitCode, parseCommandArgs, usageError } from '../cli';
import { readCommandManifests } from '../manifests/readManifests';

const COMMAND = 'istio-mesh authz';

const USAGE = `Usage: ${COMMAND} --to NS/WORKLOAD [request options] <file|dir>...

Decides whether Istio would allow a request to a workload, as the proxy that
enforces its AuthorizationPolicies does: its sidecar (L7), ztunnel in ambient
mode (L4 only), or the waypoint its Service or namespace uses. Policies are
taken in Istio's order: CUSTOM, DENY, ALLOW (deny by default once an ALLOW
policy applies); AUDIT and dry-run policies never decide. A port that
bypasses the proxy, or a workload without one, enforces nothing.

The mesh configuration (root namespace, trust domain and aliases, extension
providers) comes from the manifests (istio ConfigMaps, Sail Istio) unless
set by the options below.

Options:
  --to <ns/workload>          the workload receiving the request (required)
  --from-principal <p>        peer identity, e.g. cluster.local/ns/shop/sa/web;
                              implies mTLS and the namespace
  --from-namespace <ns>       without --from-principal: an mTLS caller in this
                              namespace whose service account is not known
                              (without either option the caller is plaintext)
  --from-ip <ip>              source IP
  --method <m>                HTTP method
  --path <p>                  HTTP path (the query string is not matched)
  --port <n>                  destination (workload) port
  --host <h>                  HTTP host
  --request-principal <p>     JWT identity, <iss>/<sub>
  --protocol <tcp|http>       how the port is reached (default: from the
                              Service port; undeclared ports are sniffed)
  --trust-domain <td>         meshConfig.trustDomain (default: the manifests',
                              else cluster.local)
  --trust-domain-alias <td>   meshConfig.trustDomainAliases; repeatable
  --root-namespace <ns>       meshConfig.rootNamespace (default: the
                              manifests', else istio-system)
  --default-namespace <ns>    namespace of objects without one (default: default)
  -f, --format <text|json>    output format (default: text)
  -h, --help                  show this help

Exit codes
  0  the decision was printed (ALLOW or DENY)
  2  bad arguments, an unreadable path, or no such workload
`;

function formatText(decision: RequestAuthorization, colour: boolean): string {
  const word = decision.decision === 'ALLOW' ? 'green' : ('red' as const);
  const verdict = colour
    ? styleText(['bold', word], decision.decision, { validateStream: false })
    : decision.decision;
  const by = decision.policy
    ? ` by ${decision.policy} (${decision.action})`
    : '';
  return `${verdict}${by}\nenforced by: ${decision.enforcedBy} (${decision.protocol}, ${decision.protocolSource})\n${decision.reason}\n`;
}

/** `istio-mesh authz`: would Istio allow this request? */
export const authzCommand: CliCommand = {
  name: 'authz',
  summary: 'decide whether a request to a workload is allowed',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs(io, COMMAND, () =>
      parseArgs({
        args,
        allowPositionals: true,
        options: {
          to: { type: 'string' },
          'from-principal': { type: 'string' },
          'from-namespace': { type: 'string' },
          'from-ip': { type: 'string' },
          method: { type: 'string' },
          path: { type: 'string' },
          port: { type: 'string' },
          host: { type: 'string' },
          'request-principal': { type: 'string' },
          protocol: { type: 'string' },
          'trust-domain': { type: 'string' },
          'trust-domain-alias': { type: 'string', multiple: true, default: [] },
          'root-namespace': { type: 'string' },
          'default-namespace': { type: 'string', default: 'default' },
          format: { type: 'string', short: 'f', default: 'text' },
          help: { type: 'boolean', short: 'h' },
        },
      }),
    );
    if (typeof parsed === 'number') return parsed;
    const { values, positionals: paths } = parsed;
    if (values.help) {
      io.stdout.write(USAGE);
      return ExitCode.Success;
    }
    const format = values.format;
    if (format !== 'text' && format !== 'json') {
      return usageError(
        io,
        COMMAND,
        `--format must be text or json, not '${format}'`,
      );
    }
    const to = /^([^/\s]+)\/([^/\s]+)$/.exec(values.to ?? '');
    if (!to) {
      return usageError(io, COMMAND, '--to must be NAMESPACE/WORKLOAD');
    }
    const port = values.port === undefined ? undefined : Number(values.port);
    if (
      port !== undefined &&
      !(Number.isInteger(port) && port >= 1 && port <= 65535)
    ) {
      return usageError(
        io,
        COMMAND,
        `--port must be a port number, not '${values.port}'`,
      );
    }
    const protocol = values.protocol;
    if (protocol !== undefined && protocol !== 'tcp' && protocol !== 'http') {
      return usageError(
        io,
        COMMAND,
        `--protocol must be tcp or http, not '${protocol}'`,
      );
    }
    for (const option of ['root-namespace', 'trust-domain'] as const) {
      if (values[option] === '') {
        return usageError(io, COMMAND, `--${option} must not be empty`);
      }
    }
    if (paths.length === 0) {
      return usageError(io, COMMAND, 'no files or directories given');
    }

    const manifests = await readCommandManifests(io, COMMAND, paths);
    if (typeof manifests === 'number') return manifests;
    for (const problem of manifests.problems) {
      io.stderr.write(`${describeManifestProblem(problem)}\n`);
    }

    const objects = manifests.objects.map(o =>
      withDefaultNamespace(
        withoutSecretData(o.object),
        values['default-namespace'],
      ),
    );
    const meshSettings: ExplicitMeshSettings = {};
    if (values['root-namespace'] !== undefined) {
      meshSettings.rootNamespace = {
        value: values['root-namespace'],
        setting: '--root-namespace',
      };
    }
    if (values['trust-domain'] !== undefined) {
      meshSettings.trustDomain = {
        value: values['trust-domain'],
        setting: '--trust-domain',
      };
    }
    if (values['trust-domain-alias'].length > 0) {
      meshSettings.trustDomainAliases = {
        value: values['trust-domain-alias'],
        setting: '--trust-domain-alias',
      };
    }
    const [, namespace, name] = to;
    const evaluated = evaluateMesh(objects, { meshSettings }).workloads.find(
      w => w.workload.namespace === namespace && w.workload.name === name,
    );
    if (!evaluated) {
      io.stderr.write(
        `${COMMAND}: no workload ${namespace}/${name} in ${paths.join(', ')}\n`,
      );
      return ExitCode.UsageError;
    }

    const request: AuthorizationRequest = {
      sourcePrincipal: values['from-principal'],
      sourceNamespace: values['from-namespace'],
      sourceIp: values['from-ip'],
      requestPrincipal: values['request-principal'],
      method: values.method,
      path: values.path,
      port,
      host: values.host,
      ...(protocol ? { protocol } : {}),
    };
    const decision = authorizeWorkloadRequest(evaluated, request);
    io.stdout.write(
      format === 'json'
        ? `${JSON.stringify(decision, null, 2)}\n`
        : formatText(decision, io.isTTY),
    );
    return ExitCode.Success;
  },
};
