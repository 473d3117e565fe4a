#!/usr/bin/env node
// The installed `cert-sentinel`: the CLI compiled to JavaScript (npm run build), no TypeScript at
// run time. Plain CommonJS that any Node can parse, so an old Node hears why instead of crashing.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(
    `Cert Sentinel needs Node >= 22 (22.19 or newer); this is Node ${process.version}. Install a current Node LTS.\n`,
  );
  process.exit(2);
}
const { existsSync } = require('node:fs');
const { join } = require('node:path');
const compiled = join(__dirname, '..', 'dist', 'cli.js');
if (existsSync(compiled)) {
  require(compiled);
} else {
  // A clone that was never built: run the sources through the dev dependency tsx.
  require('tsx/cjs');
  require('./cli.ts');
}
