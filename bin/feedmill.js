#!/usr/bin/env node
// Entry point of the installed `feedmill` command: runs the compiled CLI (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// V8 lets the heap grow to several times what survived its last full collection before it
// collects again; feedmill's polls make much short-lived garbage around a live set of some 50 MB,
// so a `once` at 1,000 sources peaked near 300-380 MB RSS. Growing by at most 2x (100%) keeps the
// peak near 200-220 MB at no measurable CPU cost (see README, Scale bench). Read at each full GC,
// so it can still be set here; one given to node itself (`node --heap-growing-percent=N`) wins.
if (!process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) {
  v8.setFlagsFromString('--heap-growing-percent=100');
}

const compiled = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('feedmill is not built yet: run `npm run build` first (or use `npm run feedmill -- <command>` from a checkout).\n');
  process.exit(2);
}
await import(compiled);
