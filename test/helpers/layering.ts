/**
 * The layer rules of docs/architecture.md over the real import graph: every TypeScript file under
 * lambdas/ is parsed (@swc/core, the parser jest already uses) and each module it names, through
 * `import`, `import type`, `export ... from`, `require()`, `import()` or `typeof import()`, is
 * checked. test/architecture/layering.test.ts holds the product to them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseSync } from '@swc/core';

const LAMBDAS = resolve(__dirname, '../../lambdas');

/** Module specifiers, in source order, that a TypeScript source names. */
export function importedModules(source: string): string[] {
  const found: string[] = [];
  const literal = (node: unknown): string | undefined =>
    node && typeof node === 'object' && (node as { type?: string }).type === 'StringLiteral'
      ? (node as { value: string }).value
      : undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as Record<string, unknown> & { type?: string };
    let specifier: string | undefined;
    if (
      n.type === 'ImportDeclaration' ||
      n.type === 'ExportAllDeclaration' ||
      n.type === 'ExportNamedDeclaration'
    ) {
      specifier = literal(n.source);
    } else if (n.type === 'CallExpression') {
      const callee = n.callee as { type?: string; value?: string };
      const first = (n.arguments as Array<{ expression: unknown }>)[0]?.expression;
      if (callee.type === 'Import' || (callee.type === 'Identifier' && callee.value === 'require')) {
        specifier = literal(first);
      }
    } else if (n.type === 'TsImportType') {
      specifier = literal(n.argument);
    } else if (n.type === 'TsExternalModuleReference') {
      specifier = literal(n.expression);
    }
    if (specifier !== undefined) found.push(specifier);
    for (const value of Object.values(n)) if (value && typeof value === 'object') visit(value);
  };
  visit(parseSync(source, { syntax: 'typescript', target: 'es2022' }));
  return found;
}

function typescriptFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typescriptFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A package's name from a bare specifier: `@aws-sdk/client-s3/dist` -> `@aws-sdk/client-s3`. */
function packageName(specifier: string): string {
  const parts = specifier.replace(/^node:/, '').split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Outside systems the core never talks to: I/O belongs to adapters. */
const CORE_FORBIDDEN_PACKAGES: Array<[RegExp, string]> = [
  [/^@aws-sdk\//, 'the AWS SDK belongs to adapters'],
  [/^@aws-lambda-powertools\//, 'logging and metrics belong to handlers'],
  [/^@smithy\//, 'the AWS SDK belongs to adapters'],
  [/^(@jsforce\/.*|jsforce)$/, 'jsforce belongs to the Salesforce adapter'],
  [/^@salesforce\//, 'Salesforce libraries belong to the Salesforce adapter'],
  [
    /^(fs|net|tls|http|https|http2|dns|dgram|child_process|cluster|worker_threads)$/,
    'I/O belongs to adapters',
  ],
];

/** The folders of lambdas/ that are not a function's entry folder. */
const LAYER_FOLDERS = new Set(['core', 'adapters', 'shared']);

export interface Violation {
  file: string;
  imports: string;
  reason: string;
}

/** Every import under `lambdas` (the product's lambdas/ folder unless a test gives another) that breaks a layer rule. */
export function layerViolations(lambdas = LAMBDAS): Violation[] {
  const violations: Violation[] = [];
  for (const file of typescriptFiles(lambdas)) {
    const [layer] = relative(lambdas, file).split(sep);
    if (layer !== 'core' && layer !== 'adapters') continue;
    const from = relative(dirname(lambdas), file);
    for (const specifier of importedModules(readFileSync(file, 'utf8'))) {
      const broke = (reason: string) => violations.push({ file: from, imports: specifier, reason });
      if (!specifier.startsWith('.')) {
        if (layer !== 'core') continue;
        const name = packageName(specifier);
        const rule = CORE_FORBIDDEN_PACKAGES.find(([pattern]) => pattern.test(name));
        if (rule) broke(rule[1]);
        continue;
      }
      const target = relative(lambdas, resolve(dirname(file), specifier));
      const [targetLayer] = target.split(sep);
      if (target.startsWith('..')) broke('lambdas/ code imports only lambdas/ code and packages');
      else if (layer === 'core' && targetLayer !== 'core')
        broke('the core imports only the core (adapters, wiring and handlers depend on it, not the reverse)');
      else if (layer === 'adapters' && targetLayer !== 'core' && targetLayer !== 'adapters')
        broke(
          LAYER_FOLDERS.has(targetLayer)
            ? 'adapters import only the core and other adapters (not the wiring)'
            : 'adapters never import handlers',
        );
    }
  }
  return violations;
}
