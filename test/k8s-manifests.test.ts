/**
 * deploy/k8s/*.yaml (issue 14 item 6) checked against the Kubernetes API schemas that
 * kubernetes-models carries (generated from Kubernetes' OpenAPI): each object's `.validate()`
 * (types, enums, formats, required fields) and, because those validators let unknown fields
 * through, the same objects type-checked as object literals against the models' interfaces,
 * where a misspelt field is an excess-property error. Plus what the Job's shards rely on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Job } from 'kubernetes-models/batch/v1';
import { Service } from 'kubernetes-models/v1';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('../', import.meta.url));
const dir = join(root, 'deploy/k8s');

/** The kinds the manifests use: model class, its module and its interface. */
const MODELS = {
  'apps/v1 Deployment': {
    model: Deployment,
    module: 'kubernetes-models/apps/v1',
    type: 'IDeployment',
  },
  'v1 Service': { model: Service, module: 'kubernetes-models/v1', type: 'IService' },
  'batch/v1 Job': { model: Job, module: 'kubernetes-models/batch/v1', type: 'IJob' },
} as const;
type Kind = keyof typeof MODELS;

interface Manifest {
  file: string;
  kind: Kind;
  object: Record<string, unknown>;
}

function manifestsOf(file: string, text: string): Manifest[] {
  return parseAllDocuments(text).map((doc) => {
    expect(doc.errors, file).toEqual([]);
    const object = doc.toJS() as Record<string, unknown>;
    const kind = `${String(object['apiVersion'])} ${String(object['kind'])}`;
    expect(Object.keys(MODELS), `${file}: ${kind}`).toContain(kind);
    return { file, kind: kind as Kind, object };
  });
}

const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
const manifests = files.flatMap((f) => manifestsOf(f, readFileSync(join(dir, f), 'utf8')));

/**
 * The manifests' problems as the API schemas see them, [] when all are valid; with
 * `fields: false` only the validators run (the type-check takes seconds).
 */
function schemaProblems(list: Manifest[], { fields = true } = {}): string[] {
  const problems: string[] = [];
  for (const m of list) {
    try {
      new MODELS[m.kind].model(m.object as never).validate();
    } catch (error) {
      problems.push(`${m.file}: ${(error as Error).message}`);
    }
  }
  if (!fields) return problems;
  // Excess properties: one object literal per manifest, checked by the TypeScript compiler.
  const checkFile = join(root, 'test', '__k8s_manifests__.ts');
  const source = list
    .map((m, i) => {
      const { module, type } = MODELS[m.kind];
      return `import type { ${type} as T${i} } from '${module}';\nexport const m${i}: T${i} = ${JSON.stringify(m.object)};`;
    })
    .join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => f === checkFile || fileExists(f);
  host.readFile = (f) => (f === checkFile ? source : readFile(f));
  host.getSourceFile = (f, language, ...rest) =>
    f === checkFile
      ? ts.createSourceFile(f, source, language)
      : getSourceFile(f, language, ...rest);
  const program = ts.createProgram([checkFile], options, host);
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    const line =
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1;
    const m = line >= 0 ? list[Math.floor(line / 2)] : undefined;
    problems.push(`${m?.file ?? 'manifests'}: ${text}`);
  }
  return problems;
}

describe('deploy/k8s manifests', () => {
  it('are a central Deployment + Service and an Indexed Job for the fleet', () => {
    expect(manifests.map((m) => m.kind).sort()).toEqual([
      'apps/v1 Deployment',
      'batch/v1 Job',
      'v1 Service',
    ]);
  });

  it('are valid against the Kubernetes API schemas, unknown fields included', () => {
    expect(schemaProblems(manifests)).toEqual([]);
  }, 120_000);

  it('a misspelt field, a wrong type or a bad enum value fails the check', () => {
    const job = manifests.find((m) => m.kind === 'batch/v1 Job') as Manifest;
    const spec = job.object['spec'] as Record<string, unknown>;
    const { completions, ...rest } = spec;
    const misspelt = {
      ...job,
      object: { ...job.object, spec: { ...rest, completionz: completions } },
    };
    expect(schemaProblems([misspelt]).join('\n')).toMatch(/completionz/);
    const wrongType = { ...job, object: { ...job.object, spec: { ...spec, parallelism: 'four' } } };
    expect(schemaProblems([wrongType], { fields: false })).not.toEqual([]);
    const badEnum = {
      ...job,
      object: { ...job.object, spec: { ...spec, completionMode: 'Sharded' } },
    };
    expect(schemaProblems([badEnum], { fields: false })).not.toEqual([]);
  }, 120_000);

  it('the fleet Job runs one shard per index: completions = parallelism = EVSE_FLEET_SHARDS', () => {
    const job = new Job(manifests.find((m) => m.kind === 'batch/v1 Job')?.object as never);
    const spec = job.spec;
    expect(spec?.completionMode).toBe('Indexed');
    expect(spec?.parallelism).toBe(spec?.completions);
    const container = spec?.template.spec?.containers[0];
    const env = Object.fromEntries((container?.env ?? []).map((e) => [e.name, e.value]));
    expect(Number(env['EVSE_FLEET_SHARDS'])).toBe(spec?.completions);
    expect(container?.args).toEqual(['fleet']);
    expect(spec?.template.spec?.restartPolicy).toBe('Never');
  });

  it('every pod runs as non-root without privilege escalation', () => {
    for (const m of manifests.filter((x) => x.kind !== 'v1 Service')) {
      const spec = (m.object['spec'] as { template: { spec: Record<string, unknown> } }).template
        .spec;
      expect(spec['securityContext'], m.file).toMatchObject({ runAsNonRoot: true });
      for (const c of spec['containers'] as { securityContext?: unknown }[])
        expect(c.securityContext, m.file).toMatchObject({ allowPrivilegeEscalation: false });
    }
  });

  it('the central Service selects the Deployment and its probes use the named port', () => {
    const dep = new Deployment(
      manifests.find((m) => m.kind === 'apps/v1 Deployment')?.object as never,
    );
    const svc = new Service(manifests.find((m) => m.kind === 'v1 Service')?.object as never);
    expect(dep.spec?.template.metadata?.labels).toMatchObject(svc.spec?.selector ?? { none: 1 });
    const container = dep.spec?.template.spec?.containers[0];
    const ports = (container?.ports ?? []).map((p) => p.name);
    expect(ports).toContain(svc.spec?.ports?.[0]?.targetPort);
    expect(ports).toContain(container?.readinessProbe?.tcpSocket?.port);
    expect(dep.spec?.template.metadata?.annotations?.['prometheus.io/path']).toBe('/metrics');
  });
});
