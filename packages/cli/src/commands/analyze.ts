import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  ALL_ANALYZERS,
  Analyzer,
  ExplicitMeshSettings,
  manifestProblemMessage,
  MeshConfig,
  parseMeshConfig,
  parseSuppression,
  resolveMeshConfiguration,
  runAnalyzers,
  selectAnalyzers,
  Suppression,
  withDefaultNamespace,
  withoutSecretData,
} from '@istio-mesh/plugin-istio-mesh-common';
import { CliCommand, ExitCode, parseCommandArgs, usageError } from '../cli';
import { readCommandManifests } from '../manifests/readManifests';
import { formatAnalyzeJson } from '../output/analyzeJson';
import { formatAnalyzeSarif } from '../output/analyzeSarif';
import { formatAnalyzeText } from '../output/analyzeText';

const COMMAND = 'istio-mesh analyze';

const USAGE = `Usage: ${COMMAND} [options] <file|dir>...

Runs istioctl's analyzers over Kubernetes and Istio manifests and reports
their messages with istioctl's codes (IST0xxx). Unparseable YAML and malformed
objects are reported as IST0106 errors; the other objects are still analyzed.

Options:
  -f, --format <text|json|sarif>  output format (default: text)
  --analyzers <name,...>          run only these analyzers (istioctl names)
  --suppress <CODE=Kind name>     drop matching messages; repeatable; * wildcards
  --mesh-config <file>            MeshConfig YAML (or istio ConfigMap); by
                                  default the mesh configuration in the
                                  manifests (istio ConfigMaps, Sail Istio)
  --root-namespace <ns>           Istio root namespace, over the mesh
                                  configuration (ISM0003 when they disagree)
  --default-namespace <ns>        namespace of namespaced objects without one
                                  (default: default; '' leaves them without)
  --fail-on <level>               exit 1 when a message at or above <level>
                                  exists: error (default), warning, info,
                                  or never
  --list-analyzers                print the analyzer names and exit
  -h, --help                      show this help

Resources can also opt out of codes with the annotation
galley.istio.io/analyze-suppress: "IST0102,IST0107" (or "*").

Exit codes
  0  analysis ran; no message at or above --fail-on
  1  a message at or above --fail-on
  2  bad arguments, an unreadable path, or no manifests found
`;

const FAIL_LEVELS = {
  error: ['Error'],
  warning: ['Error', 'Warning'],
  info: ['Error', 'Warning', 'Info'],
  never: [],
} as const;

/** `istio-mesh analyze`: istioctl's analyzers over manifests on disk. */
export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: "run istioctl's analyzers over manifests (text, JSON, SARIF)",
  usage: USAGE,
  async run(args, io) {
    const parsed = parseCommandArgs(io, COMMAND, () =>
      parseArgs({
        args,
        allowPositionals: true,
        options: {
          format: { type: 'string', short: 'f', default: 'text' },
          analyzers: { type: 'string' },
          suppress: { type: 'string', multiple: true, default: [] },
          'mesh-config': { type: 'string' },
          'root-namespace': { type: 'string' },
          'default-namespace': { type: 'string', default: 'default' },
          'fail-on': { type: 'string', default: 'error' },
          'list-analyzers': { type: 'boolean' },
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
    if (values['list-analyzers']) {
      io.stdout.write(
        ALL_ANALYZERS.map(a => `${a.name}\t${a.description}\n`).join(''),
      );
      return ExitCode.Success;
    }
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'sarif') {
      return usageError(
        io,
        COMMAND,
        `--format must be text, json or sarif, not '${format}'`,
      );
    }
    const failOn = values['fail-on'] as keyof typeof FAIL_LEVELS;
    if (!(failOn in FAIL_LEVELS)) {
      return usageError(
        io,
        COMMAND,
        `--fail-on must be error, warning, info or never, not '${values['fail-on']}'`,
      );
    }
    let analyzers: Analyzer[] = ALL_ANALYZERS;
    let suppressions: Suppression[];
    try {
      if (values.analyzers !== undefined) {
        analyzers = selectAnalyzers(
          values.analyzers
            .split(',')
            .map(n => n.trim())
            .filter(Boolean),
        );
      }
      suppressions = values.suppress.map(parseSuppression);
    } catch (error) {
      return usageError(io, COMMAND, (error as Error).message);
    }
    if (paths.length === 0) {
      return usageError(io, COMMAND, 'no files or directories given');
    }
    if (values['root-namespace'] === '') {
      return usageError(io, COMMAND, '--root-namespace must not be empty');
    }

    let meshConfig: MeshConfig | undefined;
    const meshConfigFile = values['mesh-config'];
    if (meshConfigFile !== undefined) {
      try {
        meshConfig = parseMeshConfig(await readFile(meshConfigFile, 'utf8'));
      } catch (error) {
        io.stderr.write(
          `${COMMAND}: cannot use --mesh-config ${meshConfigFile}: ${
            (error as Error).message
          }\n`,
        );
        return ExitCode.UsageError;
      }
    }

    const manifests = await readCommandManifests(io, COMMAND, paths);
    if (typeof manifests === 'number') return manifests;
    if (manifests.objects.length === 0 && manifests.problems.length === 0) {
      io.stderr.write(
        `${COMMAND}: no Kubernetes manifests found in ${paths.join(', ')}\n`,
      );
      return ExitCode.UsageError;
    }

    const defaultNamespace = values['default-namespace'];
    // Analyzers need to know a Secret exists, never what it holds.
    const objects = manifests.objects.map(entry => ({
      ...entry,
      object: withDefaultNamespace(
        withoutSecretData(entry.object),
        defaultNamespace,
      ),
    }));
    const meshSettings: ExplicitMeshSettings = {};
    if (values['root-namespace'] !== undefined) {
      meshSettings.rootNamespace = {
        value: values['root-namespace'],
        setting: '--root-namespace',
      };
    }
    if (meshConfig) {
      // A mesh configuration given as a file defines the providers.
      meshSettings.extensionProviders = {
        value: meshConfig.extensionProviders,
        setting: '--mesh-config',
      };
    }
    // Without --mesh-config, the mesh configuration the manifests carry.
    meshConfig ??= resolveMeshConfiguration(
      objects.map(entry => entry.object),
      meshSettings,
    ).mesh;
    if (meshSettings.rootNamespace) {
      meshConfig = {
        ...meshConfig,
        rootNamespace: meshSettings.rootNamespace.value,
      };
    }
    const messages = [
      ...manifests.problems.map(manifestProblemMessage),
      ...runAnalyzers(objects, {
        analyzers,
        meshConfig,
        meshSettings,
        suppressions,
      }),
    ];

    if (format === 'json') {
      io.stdout.write(formatAnalyzeJson(messages));
    } else if (format === 'sarif') {
      io.stdout.write(
        formatAnalyzeSarif(messages, {
          baseDirectory: process.cwd(),
          version: '0.1.0',
        }),
      );
    } else {
      io.stdout.write(formatAnalyzeText(messages, { colour: io.isTTY }));
    }
    const failing: readonly string[] = FAIL_LEVELS[failOn];
    return messages.some(m => failing.includes(m.level))
      ? ExitCode.Findings
      : ExitCode.Success;
  },
};
