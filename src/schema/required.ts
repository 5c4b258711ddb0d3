// Which keys are required, confirmed by the validator itself. A reader that asks for a key only
// when it is there (`if (f.has(k)) readOrder(f)` with `f.list(k, { required: true })` inside) reads
// it as required in every valid document, as a truly required key is: the two differ only when
// the key is absent, which no valid document shows. So each such key is taken out of one instance
// (in the smallest document that has one) and the document validated again: the key is required
// when the validator then reports it missing, at its path.
import { childPath } from '../scenario/source.js';
import { isObj } from '../scenario/check.js';
import { nodesOf, type Node } from './tree.js';

export interface ProbeDocument {
  /** The document's file: relative paths in it resolve against its directory. */
  file: string;
  data: unknown;
}

/** The paths of the problems the validator finds in `text`, read as strict JSON from `file`'s directory. */
export type Validate = (text: string, file: string) => string[];

/** Marks as optional every key read as required that the validator does not miss when it is absent. */
export function confirmRequired(root: Node, documents: readonly ProbeDocument[], validate: Validate): void {
  for (const node of nodesOf(root)) {
    for (const v of node.variants.values()) {
      if (v.kind === 'map' || !v.sample) continue;
      const doc = documents[v.sample.document]!;
      for (const [key, count] of v.required) {
        if (count !== v.instances) continue;
        const copy = structuredClone(doc.data);
        const instance = v.sample.steps.reduce<unknown>((o, step) => (o as Record<string | number, unknown>)[step], copy);
        if (!isObj(instance) || !(key in instance)) continue;
        delete instance[key];
        // JSON beside the file, so that the files it names are found as they were.
        const problems = validate(JSON.stringify(copy), doc.file.replace(/(\.[^./\\]*)?$/, '.schema-probe.json'));
        if (!problems.includes(childPath(v.sample.path, key))) v.optional.add(key);
      }
    }
  }
}
