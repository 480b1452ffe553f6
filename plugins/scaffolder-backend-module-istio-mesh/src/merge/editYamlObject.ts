import { InputError } from '@backstage/errors';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  Scalar,
  YAMLMap,
} from 'yaml';

/** A path into an object: keys and list indexes. */
export type FieldPath = Array<string | number>;

/**
 * One change to an object in a manifest file.
 *
 * - `set`: the value at `path` (created with its parents when absent); a
 *   new key goes before the sibling key `before` when that exists, so that
 *   a `trafficPolicy` added to a rule with subsets comes before them, as
 *   the builders order the fields.
 * - `append`: a list entry at the end of the list at `path` (the list is
 *   created when absent).
 * - `insert`: a list entry at `index` of the list at `path`.
 */
export type YamlEdit =
  | { op: 'set'; path: FieldPath; value: unknown; before?: string }
  | { op: 'append'; path: FieldPath; value: unknown }
  | { op: 'insert'; path: FieldPath; index: number; value: unknown };

/** Which object of a file to edit. */
export interface YamlObjectRef {
  kind: string;
  name: string;
  /**
   * The namespace the object is rendered in; a document that writes no
   * namespace (a base its overlays put in one) matches too.
   */
  namespace?: string;
}

// How the edited document is printed: no line wrapping, `{a: 1}` as the
// repository's files write flow maps.
const TO_STRING = { lineWidth: 0, flowCollectionPadding: false } as const;

// Values are written out in full, never as YAML anchors and aliases.
const NODE_OPTIONS = { aliasDuplicateObjects: false } as const;

const describeRef = (ref: YamlObjectRef) =>
  `${ref.kind} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name}`;

function matches(document: Document, ref: YamlObjectRef): boolean {
  if (document.get('kind') !== ref.kind) return false;
  if (document.getIn(['metadata', 'name']) !== ref.name) return false;
  const namespace = document.getIn(['metadata', 'namespace']);
  return (
    namespace === undefined ||
    namespace === null ||
    ref.namespace === undefined ||
    namespace === ref.namespace
  );
}

function setValue(document: Document, edit: YamlEdit & { op: 'set' }) {
  const parentPath = edit.path.slice(0, -1);
  const key = edit.path[edit.path.length - 1];
  const parent = parentPath.length
    ? document.getIn(parentPath, true)
    : document.contents;
  const node = document.createNode(edit.value, NODE_OPTIONS);
  if (
    edit.before !== undefined &&
    isMap(parent) &&
    typeof key === 'string' &&
    !parent.has(key)
  ) {
    const at = (parent as YAMLMap).items.findIndex(
      pair => isScalar(pair.key) && (pair.key as Scalar).value === edit.before,
    );
    if (at >= 0) {
      (parent as YAMLMap).items.splice(
        at,
        0,
        document.createPair(key, node, NODE_OPTIONS) as any,
      );
      return;
    }
  }
  document.setIn(edit.path, node);
}

function applyEdit(document: Document, edit: YamlEdit, where: string) {
  if (edit.op === 'set') {
    setValue(document, edit);
    return;
  }
  const list = document.getIn(edit.path, true);
  const node = document.createNode(edit.value, NODE_OPTIONS);
  if (list === undefined || list === null) {
    if (edit.op === 'insert' && edit.index !== 0) {
      throw new Error(`${where}: no list at ${edit.path.join('.')}`);
    }
    document.setIn(edit.path, document.createNode([edit.value], NODE_OPTIONS));
    return;
  }
  if (!isSeq(list)) {
    throw new InputError(
      `${where}: field ${edit.path.join(
        '.',
      )} is not a list; fix the file first`,
    );
  }
  if (edit.op === 'append') list.items.push(node as any);
  else list.items.splice(edit.index, 0, node as any);
}

/**
 * Applies edits to one object of a multi-document manifest file through the
 * `yaml` Document API, so that its comments and key order stay; the other
 * documents of the file are kept byte for byte. Returns the new text, and
 * the edited object's own document as text for review.
 *
 * @param text - The file's text.
 * @param file - The file's workspace-relative path, named in errors.
 */
export function editYamlObject(
  text: string,
  file: string,
  ref: YamlObjectRef,
  edits: YamlEdit[],
): { text: string; document: string } {
  const documents = parseAllDocuments(text, { prettyErrors: false });
  if (!Array.isArray(documents)) {
    throw new InputError(`${file} holds no ${describeRef(ref)}`);
  }
  const broken = documents.find(d => d.errors.length > 0);
  if (broken) {
    throw new InputError(
      `${file} is not valid YAML: ${broken.errors[0].message.split('\n')[0]}`,
    );
  }
  const found = documents
    .map((document, index) => ({ document, index }))
    .filter(({ document }) => matches(document, ref));
  if (found.length !== 1) {
    throw new InputError(
      found.length === 0
        ? `${file} holds no ${describeRef(ref)}`
        : `${file} declares ${describeRef(ref)} ${found.length} times`,
    );
  }
  const [{ document, index }] = found;
  const where = `${file} (${describeRef(ref)})`;
  for (const edit of edits) applyEdit(document, edit, where);
  const start = index === 0 ? 0 : document.range[0];
  const end = document.range[2];
  const printed = document.toString(TO_STRING);
  return {
    text: edits.length
      ? text.slice(0, start) + printed + text.slice(end)
      : text,
    document: printed.replace(/^---\n/, ''),
  };
}
