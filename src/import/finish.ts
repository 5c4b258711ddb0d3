// The imported account checked by the scenario checker itself, so that what `batchsim import`
// writes is what `batchsim validate` accepts. The checker knows which fields batchsim models: a
// field it accepts but does not simulate (a subnet, a role, a command) or does not know (a
// CloudFormation-only property, a newer API field) is left out of the scenario and listed as a
// notice; any other problem is the source's, reported at its file, line and column.
import { isNotSimulated } from '../scenario/check.js';
import type { Problem } from '../scenario/errors.js';
import { scenarioFromData } from '../scenario/load.js';
import type { Scenario } from '../scenario/types.js';
import type { Account } from './account.js';
import { UNRESOLVED, unresolvedReason } from './cfn-intrinsics.js';
import { KINDS, SECTIONS, childPath, define, isObj, parentPath, pruneEmpty, type Imported, type Kind, type Notice, type Obj } from './model.js';
import type { ProfileFile } from './profile.js';

const NO_POSITIONS = { values: new Map(), keys: new Map(), problems: [] };
const SECTION_KIND = new Map(KINDS.map((k) => [SECTIONS[k].section, k] as const));
/** At most this many rounds of leaving fields out (each round can only remove fields; three are always enough). */
const ROUNDS = 5;

export interface Finished {
  /** The scenario's sections, as written. */
  sections: Record<string, Obj[]>;
  /** The same validated with the profiles, for the example workload. */
  scenario: Scenario;
  notices: Notice[];
}

export function finishAccount(
  account: Account, profiles: Map<string, unknown>, profileFile: ProfileFile, outFile: string,
): Finished | { problems: Problem[] } {
  const sections: Record<string, Obj[]> = {};
  for (const k of KINDS) sections[SECTIONS[k].section] = account.resources[k].map((r) => r.request);
  const left = new Map<Imported, string[]>();
  const resourceAt = (path: string): { r: Imported; rest: string } | undefined => {
    const m = /^([A-Za-z]+)\[(\d+)\]\.?(.*)$/s.exec(path);
    const kind: Kind | undefined = m ? SECTION_KIND.get(m[1]!) : undefined;
    const r = kind && account.resources[kind][Number(m![2])];
    return r ? { r, rest: m![3]! } : undefined;
  };
  // Each field left out is gone for the next round, so the rounds make progress (a field that
  // cannot be deleted is not counted as left out).
  const leaveOut = (path: string): boolean => {
    const at = resourceAt(path);
    if (!at || at.rest === '' || !deleteAt(at.r.request, at.rest)) return false;
    left.set(at.r, [...(left.get(at.r) ?? []), at.rest]);
    return true;
  };

  for (let round = 0; round < ROUNDS; round++) {
    const data: Obj = { ...sections };
    const inline: Obj = {};
    for (const [name, block] of profiles) define(inline, name, block);
    define(data, 'profiles', inline);
    const checked = scenarioFromData(data, NO_POSITIONS, outFile);
    if (checked.scenario) {
      const notices = checked.scenario.notices ?? [];
      const notModelled = notices.filter((n) => isNotSimulated(n.message) && leaveOut(n.path));
      if (notModelled.length > 0) continue;
      for (const k of KINDS) account.resources[k].forEach((r) => (r.request = pruneEmpty(r.request) as Obj));
      for (const k of KINDS) sections[SECTIONS[k].section] = account.resources[k].map((r) => r.request);
      // Notes of another kind (accelerators, types without a price) on what was imported, by resource.
      const noted = notices.flatMap((n): Notice[] => {
        const at = isNotSimulated(n.message) ? undefined : resourceAt(n.path);
        return at ? [{ file: at.r.file, where: at.r.label, message: at.rest === '' ? n.message : `${at.rest}: ${n.message}` }] : [];
      });
      return { sections, scenario: checked.scenario, notices: [...leftOutNotices(left), ...noted, ...unresolvedNotices(account)] };
    }
    const unknown = checked.problems.filter((p) => p.message.startsWith('Unknown field "') && resourceAt(p.path));
    const others = checked.problems.filter((p) => !unknown.includes(p));
    // Unknown fields are left out (and the rest checked again); any other problem is the source's.
    const leftOut = unknown.filter((p) => leaveOut(p.path));
    if (others.length > 0 || leftOut.length === 0) return { problems: checked.problems.map((p) => place(p, resourceAt, profileFile)) };
  }
  throw new Error('batchsim import: the account did not settle after leaving out unmodelled fields');
}

/** A checker problem at the source field it came from (or in the profile file). */
function place(p: Problem, resourceAt: (path: string) => { r: Imported; rest: string } | undefined, profile: ProfileFile): Problem {
  const at = resourceAt(p.path);
  if (at) return at.r.provenance.problem(at.rest, `${at.r.label}: ${p.message}`);
  if (p.path.startsWith('profiles.') || p.path === 'profiles') {
    for (let q: string | undefined = p.path; q !== undefined; q = parentPath(q)) {
      const pos = profile.source?.values.get(q);
      if (pos) return { path: p.path, message: p.message, file: profile.path, line: pos.line, column: pos.column };
    }
    return { path: p.path, message: p.message, file: profile.path };
  }
  return p;
}

/** One notice per resource: the fields left out. */
function leftOutNotices(left: Map<Imported, string[]>): Notice[] {
  return [...left].map(([r, paths]) => ({
    file: r.file, where: r.label,
    message: `not modelled by batchsim, left out: ${[...new Set(paths)].sort().join(', ')}`,
  }));
}

/** Placeholders for values only a deployment knows that are still in the scenario (in fields batchsim models). */
function unresolvedNotices(account: Account): Notice[] {
  const out: Notice[] = [];
  for (const k of KINDS) {
    for (const r of account.resources[k]) {
      walkStrings(r.request, '', (path, s) => {
        if (!s.includes(UNRESOLVED)) return;
        const reason = unresolvedReason(s, account.unresolved);
        out.push({ file: r.file, where: r.label, message: `${path} is a placeholder, ${JSON.stringify(s)}${reason !== undefined ? `: ${reason}` : ''}; give the value in the scenario (or on the command line) if it matters` });
      });
    }
  }
  return out;
}

function walkStrings(v: unknown, path: string, visit: (path: string, s: string) => void): void {
  if (typeof v === 'string') visit(path, v);
  else if (Array.isArray(v)) v.forEach((x, i) => walkStrings(x, childPath(path, i), visit));
  else if (isObj(v)) for (const [k, x] of Object.entries(v)) walkStrings(x, childPath(path, k), visit);
}

/** Removes the field at a request-relative path (`computeResources.subnets`); false when there is none to remove. */
function deleteAt(root: Obj, path: string): boolean {
  const steps = path.match(/[^.[\]]+|\[\d+\]/g) ?? [];
  let node: unknown = root;
  for (const step of steps.slice(0, -1)) {
    node = step.startsWith('[') ? (Array.isArray(node) ? node[Number(step.slice(1, -1))] : undefined) : isObj(node) ? node[step] : undefined;
  }
  const last = steps[steps.length - 1];
  if (last === undefined || !isObj(node) || !Object.prototype.hasOwnProperty.call(node, last)) return false;
  delete node[last];
  return true;
}
