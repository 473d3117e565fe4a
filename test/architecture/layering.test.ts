/**
 * The layers are enforced, not only promised: the core imports no outside system and no outer
 * layer, adapters import no handler (rules and parser in test/helpers/layering.ts).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { importedModules, layerViolations } from '../helpers/layering';

describe('layering', () => {
  it('the core imports no AWS SDK, jsforce, Salesforce library, I/O module or outer layer; adapters no handler', () => {
    expect(layerViolations()).toEqual([]);
  });

  it('fails on each kind of violation', () => {
    const lambdas = join(mkdtempSync(join(tmpdir(), 'layering-')), 'lambdas');
    const write = (path: string, source: string) => {
      mkdirSync(dirname(join(lambdas, path)), { recursive: true });
      writeFileSync(join(lambdas, path), source);
    };
    try {
      write(
        'core/certificates/leaf.ts',
        [
          "import { createHash } from 'node:crypto';",
          "import * as z from 'zod';",
          "import type { Finding } from '../model';",
          "import { S3Client } from '@aws-sdk/client-s3';",
          "import type { Connection } from '@jsforce/jsforce-node';",
          "import { Org } from '@salesforce/core';",
          "import { readFileSync } from 'node:fs';",
          "const net = require('net');",
          "const dns = import('node:dns/promises');",
          "import { source } from '../../adapters/files/cert-dir';",
          "import { runtime } from '../../shared/runtime';",
        ].join('\n'),
      );
      write(
        'adapters/files/reader.ts',
        [
          "import { parse } from '../../core/certificates/parse';",
          "import { other } from '../sns/notifier';",
          "import { handler } from '../../collect-org/handler';",
          "import type { Deps } from '../../shared/runtime';",
          "import { cli } from '../../../bin/cli/main';",
        ].join('\n'),
      );
      write('collect-org/handler.ts', "import { S3Client } from '@aws-sdk/client-s3';");
      const found = layerViolations(lambdas).map((v) => `${v.file} -> ${v.imports}`);
      expect(found).toEqual([
        'lambdas/adapters/files/reader.ts -> ../../collect-org/handler',
        'lambdas/adapters/files/reader.ts -> ../../shared/runtime',
        'lambdas/adapters/files/reader.ts -> ../../../bin/cli/main',
        'lambdas/core/certificates/leaf.ts -> @aws-sdk/client-s3',
        'lambdas/core/certificates/leaf.ts -> @jsforce/jsforce-node',
        'lambdas/core/certificates/leaf.ts -> @salesforce/core',
        'lambdas/core/certificates/leaf.ts -> node:fs',
        'lambdas/core/certificates/leaf.ts -> net',
        'lambdas/core/certificates/leaf.ts -> node:dns/promises',
        'lambdas/core/certificates/leaf.ts -> ../../adapters/files/cert-dir',
        'lambdas/core/certificates/leaf.ts -> ../../shared/runtime',
      ]);
    } finally {
      rmSync(dirname(lambdas), { recursive: true, force: true });
    }
  });

  it('finds every form of import', () => {
    const source = [
      "import type { A } from './a';",
      "import { B } from 'node:fs';",
      "export * from './c';",
      "export { D } from '@aws-sdk/client-s3';",
      "const e = require('tls') as typeof import('./f');",
      "async function g() { return import('../h'); }",
      "import i = require('./i');",
    ].join('\n');
    expect(importedModules(source)).toEqual([
      './a',
      'node:fs',
      './c',
      '@aws-sdk/client-s3',
      'tls',
      './f',
      '../h',
      './i',
    ]);
  });
});
