import { parseArgs, styleText } from 'node:util';
import {
  applicableAuthorizationPolicies,
  AuthorizationDecision,
  AuthorizationPolicy,
  AuthorizationRequest,
  buildMeshIndex,
  decideAuthorization,
  resolveWorkloads,
  withDefaultNamespace,
} from '@istio-mesh/plugin-istio-mesh-common';
import { CliCommand, ExitCode, parseCommandArgs, usageError } from '../cli';
import { readCommandManifests } from '../manifests/readManifests';
import { formatManifestProblem } from '../output/manifestProblems';

const COMMAND = 'istio-mesh authz';

const USAGE = `Usage: ${COMMAND} --to NS/WORKLOAD [request options] <file|dir>...

Decides whether Istio would allow a request to a workload, from the
AuthorizationPolicies in the manifests, in Istio's order: CUSTOM, DENY, ALLOW
(deny by default once an ALLOW policy applies). AUDIT and dry-run policies
never decide.

Options:
  --to <ns/workload>          the workload receiving the request (required)
  --from-principal <p>        peer identity, e.g. cluster.local/ns/shop/sa/web;
                              implies mTLS and the namespace
  --from-namespace <ns>       source namespace (ignored with --from-principal)
  --from-ip <ip>              source IP
  --method <m>                HTTP method
  --path <p>                  HTTP path
  --port <n>                  destination port
  --host <h>                  HTTP host
  --request-principal <p>     JWT identity, <iss>/<sub>
  --root-namespace <ns>       meshConfig.rootNamespace (default: istio-system)
  --default-namespace <ns>    namespace of objects without one (default: default)
  -f, --format <text|json>    output format (default: text)
  -h, --help                  show this help

Exit codes:
  0  the decision was printed (ALLOW or DENY)
  2  bad arguments, an unreadable path, or no such workload
`;

function formatText(decision: AuthorizationDecision, colour: boolean): string {
  const word = decision.decision === 'ALLOW' ? 'green' : ('red' as const);
  const verdict = colour
    ? styleText(['bold', word], decision.decision, { validateStream: false })
    : decision.decision;
  const by = decision.policy
    ? ` by ${decision.policy} (${decision.action})`
    : '';
  return `${verdict}${by}\n${decision.reason}\n`;
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
          'root-namespace': { type: 'string', default: 'istio-system' },
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
    if (paths.length === 0) {
      return usageError(io, COMMAND, 'no files or directories given');
    }

    const manifests = await readCommandManifests(io, COMMAND, paths);
    if (typeof manifests === 'number') return manifests;
    for (const problem of manifests.problems) {
      io.stderr.write(`${formatManifestProblem(problem)}\n`);
    }

    const objects = manifests.objects.map(o =>
      withDefaultNamespace(o.object, values['default-namespace']),
    );
    const index = buildMeshIndex(objects, {
      rootNamespace: values['root-namespace'],
    });
    const [, namespace, name] = to;
    const workload = resolveWorkloads(index).find(
      w => w.namespace === namespace && w.name === name,
    );
    if (!workload) {
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
    };
    const policies: AuthorizationPolicy[] = applicableAuthorizationPolicies(
      workload,
      index.authorizationPolicies,
      index.rootNamespace,
    );
    const decision = decideAuthorization(policies, request);
    io.stdout.write(
      format === 'json'
        ? `${JSON.stringify(decision, null, 2)}\n`
        : formatText(decision, io.isTTY),
    );
    return ExitCode.Success;
  },
};
