import { posix } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { InputError } from '@backstage/errors';
import { trimEnd } from '@istio-mesh/plugin-istio-mesh-common';
import {
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Pair,
  parseDocument,
  stringify,
  YAMLMap,
  YAMLSeq,
} from 'yaml';

const KUSTOMIZATION_API_VERSION = 'kustomize.config.k8s.io/v1beta1';
const DEFAULT_SEQUENCE_INDENT = 2;

/**
 * The result of {@link addKustomizationResources}.
 */
export interface KustomizationEdit {
  /** The new file text; the input text itself when nothing was added. */
  text: string;
  /** The entries appended, in order; empty when all were listed already. */
  added: string[];
  /** The kustomization's own `namespace`, when it sets one. */
  namespace?: string;
}

/** `./a//b/` and `a/b` name the same resource. */
export function normalizeResourceEntry(entry: string): string {
  const normalized = posix.normalize(entry);
  // Trailing slashes go, but not the one of `/`: a loop, not an anchored
  // regular expression, whose cost grows with the square of a long entry.
  const trimmed = trimEnd(normalized, c => c === '/');
  return trimmed === '' && normalized !== '' ? normalized[0] : trimmed;
}

function renderEntry(entry: string) {
  return stringify(entry, { lineWidth: 0 }).trimEnd();
}

function columnOf(text: string, offset: number) {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/**
 * The number of spaces between a key and the dashes of its block list in
 * this file, so that an added `resources:` list looks like the others.
 */
function sequenceIndent(text: string, root: YAMLMap) {
  for (const pair of root.items) {
    const { key, value } = pair as Pair<{ range?: number[] }, unknown>;
    if (isSeq(value) && !value.flow && value.range && key?.range) {
      return (
        columnOf(text, value.range[0]) - columnOf(text, key.range[0] as number)
      );
    }
  }
  return DEFAULT_SEQUENCE_INDENT;
}

function blockItems(entries: string[], indent: number) {
  return entries.map(e => `\n${' '.repeat(indent)}- ${renderEntry(e)}`);
}

/**
 * Splices the new entries into the original text, so that every byte of the
 * file outside the `resources` list stays as it was. Returns undefined where
 * the list's layout is too unusual to splice safely.
 */
function spliceEntries(
  text: string,
  root: YAMLMap,
  pair: Pair | undefined,
  entries: string[],
): string | undefined {
  const value = pair?.value;
  if (!pair) {
    const indent = sequenceIndent(text, root);
    const prefix = text === '' || text.endsWith('\n') ? text : `${text}\n`;
    return `${prefix}resources:${blockItems(entries, indent).join('')}\n`;
  }
  if (isSeq(value) && value.range) {
    if (value.flow) {
      const close = value.range[1] - 1;
      if (text[close] !== ']') return undefined;
      const before = text.slice(value.range[0] + 1, close).trimEnd();
      let separator = ', ';
      if (before === '') separator = '';
      else if (before.endsWith(',')) separator = ' ';
      const insertion = separator + entries.map(renderEntry).join(', ');
      const at = value.range[0] + 1 + before.length;
      return text.slice(0, at) + insertion + text.slice(at);
    }
    const last = value.items[value.items.length - 1] as {
      range?: number[];
    };
    if (!last?.range) return undefined;
    const lineEnd = text.indexOf('\n', last.range[1]);
    const at = lineEnd === -1 ? text.length : lineEnd;
    const indent = columnOf(text, value.range[0]);
    return (
      text.slice(0, at) + blockItems(entries, indent).join('') + text.slice(at)
    );
  }
  if (isScalar(value) && value.value === null && value.range) {
    const key = pair.key as { range?: number[] };
    let start = value.range[0];
    while (start > 0 && text[start - 1] === ' ') start -= 1;
    const indent =
      columnOf(text, key.range?.[0] ?? 0) + sequenceIndent(text, root);
    return (
      text.slice(0, start) +
      blockItems(entries, indent).join('') +
      text.slice(value.range[1])
    );
  }
  return undefined;
}

function resourcesOf(document: Document): unknown {
  return (document.toJS() as { resources?: unknown } | null)?.resources;
}

function withoutResources(document: Document): unknown {
  const { resources: _ignored, ...rest } = (document.toJS() ?? {}) as Record<
    string,
    unknown
  >;
  return rest;
}

/** The edit is kept only when it parses to exactly the intended object. */
function spliceIsFaithful(
  original: Document,
  text: string,
  expected: string[],
) {
  const edited = parseDocument(text);
  return (
    edited.errors.length === 0 &&
    isDeepStrictEqual(resourcesOf(edited), expected) &&
    isDeepStrictEqual(withoutResources(edited), withoutResources(original))
  );
}

function existingEntries(file: string, pair: Pair | undefined): string[] {
  const value = pair?.value;
  if (!pair || (isScalar(value) && value.value === null)) return [];
  if (!isSeq(value)) {
    throw new InputError(
      `${file}: field "resources" is not a list; fix the file or give another kustomization`,
    );
  }
  return (value as YAMLSeq).items.map((item, index) => {
    if (!isScalar(item) || typeof item.value !== 'string') {
      throw new InputError(
        `${file}: field "resources[${index}]" is not a string; fix the file or give another kustomization`,
      );
    }
    return item.value;
  });
}

/**
 * A new `kustomization.yaml` listing `resources`, in the layout
 * `kustomize create` uses.
 */
export function newKustomization(
  resources: string[],
  namespace?: string,
): string {
  return stringify(
    {
      apiVersion: KUSTOMIZATION_API_VERSION,
      kind: 'Kustomization',
      ...(namespace ? { namespace } : {}),
      resources,
    },
    { lineWidth: 0 },
  );
}

/**
 * Appends the entries not yet listed to the `resources` of a kustomization
 * file, keeping its comments, key order and layout.
 *
 * @remarks
 * Entries are compared after normalisation (`./a.yaml` is `a.yaml`), and
 * new ones are appended in the given order after the existing ones. The
 * text is edited in place: the rest of the file is kept byte for byte. When
 * the list's layout is too unusual to splice into (a flow list with
 * comments, say), the file is re-rendered through the `yaml` Document API
 * instead, which still keeps comments and order. Files that are not valid
 * YAML, not a Kustomization, or whose `resources` is not a list of strings
 * are refused with an `InputError` naming the file and the field; so is a
 * kustomization whose `namespace` differs from `options.namespace`.
 *
 * @param text - The current file text.
 * @param file - The file's workspace-relative path, named in errors.
 * @param resources - Normalised entries to add.
 */
export function addKustomizationResources(
  text: string,
  file: string,
  resources: string[],
  options: { namespace?: string } = {},
): KustomizationEdit {
  const document: Document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) {
    throw new InputError(
      `${file} is not valid YAML: ${document.errors[0].message.split('\n')[0]}`,
    );
  }
  if (document.contents === null) {
    document.contents = document.createNode({}) as YAMLMap;
  }
  const root = document.contents;
  if (!isMap(root)) {
    throw new InputError(`${file} is not a Kustomization: it is not a map`);
  }
  const kind = root.get('kind');
  if (kind !== undefined && kind !== 'Kustomization') {
    throw new InputError(
      `${file} is not a Kustomization: field "kind" is ${JSON.stringify(kind)}`,
    );
  }
  const namespace = root.get('namespace');
  if (
    options.namespace !== undefined &&
    namespace !== undefined &&
    namespace !== null &&
    namespace !== options.namespace
  ) {
    throw new InputError(
      `Invalid namespace ${JSON.stringify(
        options.namespace,
      )}: ${file} sets field "namespace" to ${JSON.stringify(namespace)}`,
    );
  }
  const pair = root.items.find(
    item =>
      isPair(item) && isScalar(item.key) && item.key.value === 'resources',
  ) as Pair | undefined;
  const existing = existingEntries(file, pair);
  const listed = new Set(existing.map(normalizeResourceEntry));
  const added: string[] = [];
  for (const entry of resources) {
    if (!listed.has(entry)) {
      listed.add(entry);
      added.push(entry);
    }
  }
  const result = {
    ...(typeof namespace === 'string' ? { namespace } : {}),
  };
  if (added.length === 0) {
    return { text, added, ...result };
  }

  const expected = [...existing, ...added];
  const spliced = spliceEntries(text, root, pair, added);
  if (spliced !== undefined && spliceIsFaithful(document, spliced, expected)) {
    return { text: spliced, added, ...result };
  }
  if (isSeq(pair?.value)) {
    for (const entry of added) (pair!.value as YAMLSeq).add(entry);
  } else {
    root.set('resources', document.createNode(expected));
  }
  return {
    text: document.toString({ lineWidth: 0 }),
    added,
    ...result,
  };
}
