/**
 * The one error catalog of strata. Codes are stable: never rename or reuse one,
 * only add. `title` is a short noun phrase; `hint` tells the user what to do.
 */
export interface CatalogEntry {
  readonly code: string;
  readonly title: string;
  readonly hint?: string;
}

export const CATALOG = {
  FILE_EMPTY: { code: 'STRATA1001', title: 'empty spec file', hint: 'a cluster spec starts with apiVersion: strata.dev/v1alpha1 and kind: Cluster' },
  FILE_NOT_UTF8: { code: 'STRATA1002', title: 'spec file is not UTF-8', hint: 're-save the file as UTF-8' },
  YAML_SYNTAX: { code: 'STRATA1003', title: 'YAML syntax error' },
  YAML_DUPLICATE_KEY: { code: 'STRATA1004', title: 'duplicate key', hint: 'each key may appear once per mapping; remove or merge the duplicate' },
  YAML_ALIAS_LIMIT: { code: 'STRATA1005', title: 'too many YAML aliases', hint: 'expand the anchors by hand; strata refuses alias expansion past its limit (resource exhaustion guard)' },
  YAML_MULTI_DOCUMENT: { code: 'STRATA1006', title: 'more than one YAML document', hint: 'keep one Cluster per cluster.yaml' },
  YAML_NOT_MAPPING: { code: 'STRATA1007', title: 'spec is not a mapping' },
  SPEC_SCHEMA: { code: 'STRATA1101', title: 'spec does not match the schema' },
  SPEC_UNKNOWN_FIELD: { code: 'STRATA1102', title: 'unknown field', hint: 'check the spelling against schema/cluster.schema.json' },
  SPEC_NAME_MISMATCH: { code: 'STRATA1103', title: 'cluster name does not match its folder', hint: 'metadata.name must equal the folder name under clusters/' },
  SPEC_CIDR: { code: 'STRATA1201', title: 'invalid CIDR' },
  SPEC_CIDR_OVERLAP: { code: 'STRATA1202', title: 'overlapping networks', hint: 'node, pod and service networks must be disjoint' },
  SPEC_DUPLICATE: { code: 'STRATA1203', title: 'duplicate value', hint: 'node names and addresses must be unique' },
  SPEC_ADDRESS: { code: 'STRATA1204', title: 'address outside its network' },
  SPEC_TOPOLOGY: { code: 'STRATA1205', title: 'invalid cluster topology' },
  SPEC_BACKEND_UNUSED: { code: 'STRATA1206', title: 'declared backend that nothing routes to', hint: 'remove it from spec.backends, or fix the route, Ingress or tunnel that should name it' },
  SPEC_RELEASE: { code: 'STRATA1207', title: 'invalid release', hint: 'see spec.releases in docs/spec.md' },
  SPEC_COMPONENT: { code: 'STRATA1301', title: 'component check failed' },
  SPEC_DEPRECATED: { code: 'STRATA1401', title: 'deprecated setting' },
  MANIFEST_YAML: { code: 'STRATA1501', title: 'manifest YAML error', hint: 'fix the YAML at the position shown; nothing was written' },
  MANIFEST_OBJECT: { code: 'STRATA1502', title: 'manifest document is not a usable Kubernetes object' },
  MANIFEST_PATH: { code: 'STRATA1503', title: 'manifest path not found', hint: 'paths in spec.manifests and crdSchemas are relative to the workspace root (the folder that holds clusters/)' },
  PROFILE_MISSING: { code: 'STRATA1601', title: 'profile not found', hint: 'profiles live in clusters/_profiles/<name>.yaml; check the name or add the file' },
  PROFILE_CYCLE: { code: 'STRATA1602', title: 'profiles build on each other in a cycle', hint: 'a profile may build on others, but never, directly or not, on itself' },
  PROFILE_NOT_PROFILE: { code: 'STRATA1603', title: 'file is not a profile', hint: 'a profile starts with apiVersion: strata.dev/v1alpha1 and kind: Profile' },
  PROFILE_REMOVE_UNUSED: { code: 'STRATA1604', title: '$remove matches no inherited entry', hint: 'check the name, or drop the entry if the profile no longer has it' },
  OBJECT_INVALID: { code: 'STRATA2001', title: 'object fails its schema' },
  OBJECT_NO_VALIDATOR: { code: 'STRATA2002', title: 'no validator for this kind', hint: 'every rendered kind needs a validator in @strata/validate' },
  OBJECT_DUPLICATE: { code: 'STRATA2003', title: 'duplicate object' },
  OBJECT_PARSE: { code: 'STRATA2004', title: 'rendered file does not parse' },
  OBJECT_NAME: { code: 'STRATA2005', title: 'invalid object name' },
  OBJECT_PATH_CLASH: { code: 'STRATA2007', title: 'two objects map to one file' },
  OBJECT_OUTSIDE_LAYER: { code: 'STRATA2008', title: 'object outside a layer', hint: 'add objects under chart.layer(\'crds\' | \'controllers\' | \'config\')' },
  OBJECT_YAML_AMBIGUOUS: {
    code: 'STRATA2009',
    title: 'YAML 1.1 and YAML 1.2 readers disagree',
    hint: 'quote the value ("on", "0o17", "1:30"): kubectl, Helm and kubeconform read YAML 1.1, kustomize and strata read YAML 1.2',
  },
  PIN_UNREADABLE: { code: 'STRATA2010', title: 'upstream reference cannot be read', hint: 'rendered/ is generated: fix the component or engine adapter that wrote it, then run `npm run render`' },
  RENDER_STALE: { code: 'STRATA3001', title: 'rendered file is stale', hint: 'run `npm run render` and commit rendered/' },
  RENDER_MISSING: { code: 'STRATA3002', title: 'rendered file is missing', hint: 'run `npm run render` and commit rendered/' },
  RENDER_EXTRA: { code: 'STRATA3003', title: 'file not produced by strata', hint: 'rendered/ is generated; remove the file or run `npm run render`' },
  RENDER_HAND_EDIT: { code: 'STRATA3004', title: 'rendered file edited by hand', hint: 'edit the spec or the component package, then run `npm run render`' },
  RENDER_NO_INDEX: { code: 'STRATA3005', title: 'rendered cluster has no index', hint: 'run `npm run render`' },
  RENDER_ORPHAN: { code: 'STRATA3006', title: 'rendered cluster has no spec', hint: 'run `npm run render` to remove it, or restore its clusters/<name>/cluster.yaml' },
  // STRATA5001–5999: one code per policy rule, listed in @strata/policy (RULE_CODES).
  POLICY_WAIVER_UNUSED: { code: 'STRATA5000', title: 'policy waiver matches nothing', hint: 'remove the waiver, or fix its rule id or object name' },
  // STRATA6xxx: the Secrets a cluster needs, and SOPS-encrypted Secrets in clusters/<name>/secrets/.
  SECRET_NOT_SOPS: { code: 'STRATA6001', title: 'file in secrets/ is not a SOPS-encrypted Secret', hint: 'encrypt it with `sops --encrypt --in-place <file>` (age recipient and encrypted_regex in .sops.yaml); plaintext Secrets never go into Git' },
  SECRET_PLAINTEXT: { code: 'STRATA6002', title: 'plaintext value in a SOPS file', hint: 'encrypt the file again with `sops --encrypt --in-place <file>`; never edit an encrypted file by hand (use `sops edit <file>`)' },
  SECRET_MAC: { code: 'STRATA6003', title: 'SOPS file without a valid MAC', hint: 'the file was changed after encryption or is damaged: re-create it with `sops edit <file>` or `sops --encrypt`' },
  SECRET_MISSING: { code: 'STRATA6004', title: 'a Secret the cluster needs is neither provided nor declared external', hint: 'add it SOPS-encrypted to clusters/<name>/secrets/ (Flux), or make it with the kubectl line `strata secrets --cluster <name>` prints and list it under spec.secrets.external' },
  SECRET_ENGINE: { code: 'STRATA6005', title: 'SOPS Secrets need Flux', hint: 'Argo CD has no built-in SOPS decryption: make these Secrets outside strata (list them under spec.secrets.external) and remove clusters/<name>/secrets/' },
  SECRET_DUPLICATE: { code: 'STRATA6006', title: 'Secret provided twice', hint: 'keep one file per Secret in clusters/<name>/secrets/' },
  SECRET_UNVERIFIED: { code: 'STRATA6007', title: 'SOPS MAC not verified', hint: 'SOPS_AGE_KEY_FILE holds no key for the file\'s recipients; the MAC was checked for presence and form only' },
  SECRET_BOOTSTRAP: { code: 'STRATA6009', title: 'Secret the GitOps engine needs before it can read Git', hint: 'make it by hand when the engine is installed (README: Secrets) and remove the file from clusters/<name>/secrets/' },
  SECRET_EXTERNAL_UNUSED: { code: 'STRATA6008', title: 'external Secret that nothing reads', hint: 'remove it from spec.secrets.external, or fix its namespace or name' },
  WORKSPACE: { code: 'STRATA4001', title: 'workspace problem' },
  USAGE: { code: 'STRATA9001', title: 'usage error', hint: 'run `strata --help`' },
  INTERNAL: { code: 'STRATA9999', title: 'internal error', hint: 'run again with --debug and report the stack trace' },
} as const satisfies Record<string, CatalogEntry>;

export type CatalogKey = keyof typeof CATALOG;
export type Severity = 'error' | 'warning';

/** One problem found in a spec, a rendered object or the rendered tree. */
export interface Finding {
  /** Stable code from {@link CATALOG}, e.g. `STRATA1101`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** File the finding is about, relative to the workspace root, `/`-separated. */
  readonly file?: string;
  /** 1-based line and column in `file`. */
  readonly line?: number;
  readonly column?: number;
  /** Dotted path inside the document: `spec.network.nodes[1].address`. */
  readonly path?: string;
  /** `Kind/namespace/name` (or `Kind/name`) of the object the finding is about. */
  readonly object?: string;
  /** Where in the spec that object comes from: `clusters/lab/cluster.yaml:12:7 spec.edge.routes[0]`. */
  readonly origin?: string;
  /** The cluster a finding is about when `file` is a profile that cluster inherits from. */
  readonly cluster?: string;
  readonly hint?: string;
}

/** Builds a finding from a catalog entry; the hint defaults to the catalog's. */
export function finding(
  key: CatalogKey,
  message: string,
  where: Omit<Finding, 'code' | 'severity' | 'message'> & { severity?: Severity } = {},
): Finding {
  const entry: CatalogEntry = CATALOG[key];
  const { severity = 'error', ...rest } = where;
  const hint = rest.hint ?? entry.hint;
  return { code: entry.code, severity, message, ...rest, ...(hint === undefined ? {} : { hint }) };
}

/** Formats a path of keys and indexes the way findings show them: `spec.nodes[1].name`. */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

/**
 * One line per finding, the way the CLI prints it:
 * `clusters/homelab/cluster.yaml:14:7 spec.network.mtu: must be <= 9216`.
 */
export function formatFinding(f: Finding): string {
  let where = f.file ?? '';
  if (f.file !== undefined && f.line !== undefined) where += `:${f.line}:${f.column ?? 1}`;
  const subject = [f.object, f.path].filter((s) => s !== undefined && s !== '').join(' ');
  const warn = f.severity === 'warning' ? 'warning: ' : '';
  // `file:1:2 path: message`, `file path: message`, `file:1:2 message`, or `file: message`.
  const bare = f.line === undefined ? `${where}:` : where;
  const head = subject === '' ? (where === '' ? '' : bare) : [where, `${subject}:`].filter((s) => s !== '').join(' ');
  const about = f.cluster === undefined ? '' : ` (cluster ${f.cluster})`;
  return head === '' ? `${warn}${f.message}${about}` : `${head} ${warn}${f.message}${about}`;
}

/** Code-unit order, independent of locale (never `localeCompare` in output paths). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts findings by file, line, column, then message, so reports are stable. */
export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      compareStrings(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareStrings(a.object ?? '', b.object ?? '') ||
      compareStrings(a.path ?? '', b.path ?? '') ||
      compareStrings(a.message, b.message) ||
      compareStrings(a.cluster ?? '', b.cluster ?? ''),
  );
}

/** A user-facing failure carrying its findings; the CLI prints them and exits 1. */
export class StrataError extends Error {
  readonly findings: readonly Finding[];
  constructor(findings: readonly Finding[]) {
    super(findings.map(formatFinding).join('\n'));
    this.name = 'StrataError';
    this.findings = findings;
  }
}
