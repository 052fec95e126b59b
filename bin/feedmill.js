#!/usr/bin/env node
// Entry point of the installed `feedmill` command: runs the compiled CLI (npm run build).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const compiled = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(compiled)) {
  process.stderr.write('feedmill is not built yet: run `npm run build` first (or use `npm run feedmill -- <command>` from a checkout).\n');
  process.exit(2);
}
await import(compiled);
