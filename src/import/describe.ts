// AWS CLI describe-compute-environments, describe-job-queues, describe-job-definitions and
// describe-scheduling-policies output (one of them, or several merged into one document): each
// entry is already the API's shape, with the read-only fields of a description (ARNs, status,
// statusReason, …) that account.ts interprets.
import { Provenance, type Kind, type SourceResult } from './model.js';
import { DESCRIBE_SECTIONS, type ReadSource } from './sources.js';

const KIND_OF: Record<(typeof DESCRIBE_SECTIONS)[number], Kind> = {
  computeEnvironments: 'computeEnvironment',
  jobQueues: 'jobQueue',
  jobDefinitions: 'jobDefinition',
  schedulingPolicies: 'schedulingPolicy',
};

export function readDescribe(src: ReadSource): SourceResult {
  const { file } = src;
  const root = src.source.root as Record<string, unknown>;
  const result: SourceResult = { file, kind: 'describe', resources: [], notices: [], problems: [] };
  for (const section of DESCRIBE_SECTIONS) {
    const list = root[section];
    if (list === undefined || list === null) continue;
    if (!Array.isArray(list)) {
      const at = src.source.values.get(section);
      result.problems.push({ path: section, message: `${section} must be a list (as describe output gives it)`, file, ...(at ? { line: at.line, column: at.column } : {}) });
      continue;
    }
    // The output's own paths are the request's: every field is where it was.
    const fieldsOf = new Map<number, string[]>();
    for (const key of src.source.values.keys()) {
      const m = /^([A-Za-z]+)\[(\d+)\][.[]/.exec(key);
      if (!m || m[1] !== section) continue;
      const keys = fieldsOf.get(Number(m[2]));
      if (keys) keys.push(key);
      else fieldsOf.set(Number(m[2]), [key]);
    }
    list.forEach((item, i) => {
      const path = `${section}[${i}]`;
      const provenance = new Provenance(file, src.source.values, path);
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        result.problems.push(provenance.problem('', `${path} must be a mapping (one ${section.replace(/ies$/, 'y').replace(/s$/, '')} of the output)`));
        return;
      }
      for (const key of fieldsOf.get(i) ?? []) provenance.record(key.slice(path.length + 1), key);
      const request = structuredClone(item) as Record<string, unknown>;
      const name = request[{ computeEnvironments: 'computeEnvironmentName', jobQueues: 'jobQueueName', jobDefinitions: 'jobDefinitionName', schedulingPolicies: 'name' }[section]];
      const revision = section === 'jobDefinitions' && typeof request.revision === 'number' ? `:${request.revision}` : '';
      result.resources.push({ kind: KIND_OF[section], label: `${path}${typeof name === 'string' ? ` "${name}${revision}"` : ''}`, file, request, provenance });
    });
  }
  if (typeof root.nextToken === 'string' || typeof root.NextToken === 'string') {
    result.notices.push({ file, where: '', message: 'the output has a nextToken: it is one page of several, and the resources of the other pages are not imported (run the command without --max-items, or pass every page)' });
  }
  return result;
}
