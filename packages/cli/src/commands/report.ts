import { parseArgs } from 'node:util';
import {
  describeManifestProblem,
  evaluateMesh,
  withoutSecretData,
} from '@istio-mesh/plugin-istio-mesh-common';
import { CliCommand, ExitCode, parseCommandArgs, usageError } from '../cli';
import { readCommandManifests } from '../manifests/readManifests';
import { formatJsonReport } from '../output/jsonReport';
import { formatTextReport } from '../output/textReport';

const COMMAND = 'istio-mesh report';

const USAGE = `Usage: ${COMMAND} [options] <file|dir>...

Evaluates the mesh criteria (sidecar-injected, mtls-strict, traffic-policy,
authz-enforced) of every workload in Kubernetes and Istio manifests: YAML or
JSON files, multi-document files and List objects (kubectl get -o yaml).
Directories are read as the plugin reads a GitOps repository. Each workload
is evaluated under the mesh configuration the manifests carry (istio and
istio-<revision> ConfigMaps, the Sail Operator Istio), else Istio's
defaults.

Problems in manifests are printed to stderr as file:line: message and do not
stop the report. Failing criteria do not change the exit code.

Options:
  -f, --format <text|json>  output format (default: text)
  --root-namespace <ns>     Istio root namespace, over the mesh configuration
                            in the manifests (default: theirs, else
                            istio-system); a disagreement is reported
  -h, --help                show this help

Exit codes
  0  the report was printed
  2  bad arguments, an unreadable path, or no Kubernetes objects found
`;

/** `istio-mesh report`: the per-workload criteria of a set of manifests. */
export const reportCommand: CliCommand = {
  name: 'report',
  summary: 'evaluate the mesh criteria of every workload in manifests',
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs(io, COMMAND, () =>
      parseArgs({
        args,
        allowPositionals: true,
        options: {
          format: { type: 'string', short: 'f', default: 'text' },
          'root-namespace': { type: 'string' },
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
    if (values['root-namespace'] === '') {
      return usageError(io, COMMAND, '--root-namespace must not be empty');
    }
    if (paths.length === 0) {
      return usageError(io, COMMAND, 'no files or directories given');
    }

    const manifests = await readCommandManifests(io, COMMAND, paths);
    if (typeof manifests === 'number') return manifests;
    for (const problem of manifests.problems) {
      io.stderr.write(`${describeManifestProblem(problem)}\n`);
    }
    if (manifests.objects.length === 0) {
      io.stderr.write(
        `${COMMAND}: no Kubernetes manifests found in ${paths.join(', ')}\n`,
      );
      return ExitCode.UsageError;
    }

    // The mesh model reads nothing from Secrets; their data goes at once.
    // data out of every later step.
    const objects = manifests.objects
      .map(parsedObject => parsedObject.object)
      .map(withoutSecretData);
    const rootNamespace = values['root-namespace'];
    const evaluation = evaluateMesh(objects, {
      meshSettings:
        rootNamespace === undefined
          ? {}
          : {
              rootNamespace: {
                value: rootNamespace,
                setting: '--root-namespace',
              },
            },
    });
    const reports = evaluation.workloads.map(evaluated => evaluated.report);

    io.stdout.write(
      format === 'json'
        ? formatJsonReport(reports, evaluation.meshConfig)
        : formatTextReport(reports, {
            colour: io.isTTY,
            meshConfig: evaluation.meshConfig,
          }),
    );
    return ExitCode.Success;
  },
};
