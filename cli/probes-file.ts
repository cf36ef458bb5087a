import type { z } from 'zod';
import { lineAt, parseYaml } from '../shared/monitors/templates/yaml-source';
import { firestoreProbeDefinitions } from '../shared/probes/adapters/firestore-probe-definitions';
import { type OrgProbes, orgProbesSchema } from '../shared/probes/org-probes';
import { UsageError } from './cli-errors';
import type { CliSession } from './cli-session';
import { readInputFile } from './input-file';
import { existingOrg } from './org-arguments';

/** Issues shown for one file: enough to fix a batch, few enough to read. */
const MAX_SHOWN = 20;

type Path = (string | number)[];

interface FileIssue {
  path: Path;
  message: string;
}

/** zod's `Invalid input: expected string, received number` without its prefix; a missing key as `required`. */
function issuesOf(error: z.ZodError): FileIssue[] {
  return error.issues.flatMap((issue): FileIssue[] => {
    const path = issue.path.filter((key): key is string | number => typeof key !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: 'unknown key' }));
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return [{ path, message: `required (${issue.expected})` }];
    }
    return [{ path, message: issue.message.replace(/^Invalid input: /, '') }];
  });
}

/**
 * A probes file (YAML, or JSON by its .json name) as the document probeDefinitions/{org} holds. Anything
 * wrong is a usage error listing every problem as `probes.2.url: ... (line 14)`, nothing stored.
 */
export async function readProbesFile(file: string): Promise<OrgProbes> {
  const text = await readInputFile(file);
  if (/\.json$/i.test(file)) {
    try {
      JSON.parse(text);
    } catch (error) {
      throw new UsageError(`${file} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // JSON is YAML too: one parser, and lines for both.
  const yaml = parseYaml(file, text);
  if (yaml.errors.length > 0) {
    const lines = yaml.errors.map((e) => `  ${e.message}${e.line === null ? '' : ` (line ${e.line})`}`);
    throw new UsageError(`${file} does not parse:\n${lines.join('\n')}`);
  }
  const parsed = orgProbesSchema.safeParse(yaml.value ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  const issues = issuesOf(parsed.error);
  const lines = issues.slice(0, MAX_SHOWN).map((issue) => {
    const line = lineAt(yaml.source, issue.path);
    const at = issue.path.length > 0 ? issue.path.join('.') : '(document)';
    return `  ${at}: ${issue.message}${line === null ? '' : ` (line ${line})`}`;
  });
  if (issues.length > MAX_SHOWN) lines.push(`  ... and ${issues.length - MAX_SHOWN} more`);
  throw new UsageError(
    `invalid probes file ${file} (${issues.length} problem${issues.length === 1 ? '' : 's'}), nothing stored:\n${lines.join('\n')}`,
  );
}

/** The org's stored probes; a clear error when the org or its probes are missing. */
export async function storedProbes(session: CliSession, org: string): Promise<OrgProbes> {
  await existingOrg(session, org);
  const probes = await firestoreProbeDefinitions(session.firestore()).get(org);
  if (probes === null) {
    throw new Error(
      `org ${org} has no probes stored (or they do not parse): msp-ops probes set --org ${org} --file <probes.yaml>`,
    );
  }
  return probes;
}
