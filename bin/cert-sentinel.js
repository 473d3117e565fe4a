#!/usr/bin/env node
// Installed entry point: runs the TypeScript CLI through tsx's require hook.
require('tsx/cjs');
require('./cli.ts');
