// `feedmill sources add|remove`: change the source list without opening an editor. The file is
// edited in place (src/ops/config-edit.ts) and a running `feedmill start` applies it by hot
// reload. Kept apart from sources.ts because it needs neither Redis nor the runtime, so it
// loads and answers fast.
import { resolveConfigPath } from '../shared/config.js';
import { parseDuration } from '../shared/duration.js';
import { FeedmillError } from '../shared/errors.js';
import { addSources, readConfigText, removeSource, writeConfigAtomically } from '../ops/config-edit.js';
import { EXIT } from './exit-codes.js';
import type { GlobalOptions } from './context.js';

export interface AddSourceOptions extends GlobalOptions {
  id?: string;
  category?: string;
  interval?: string;
  title?: string;
}

export async function addSourceCommand(options: AddSourceOptions, url: string): Promise<number> {
  if (options.interval !== undefined && parseDuration(options.interval) === undefined) {
    throw new FeedmillError('USAGE', `--interval ${options.interval}: expected a duration like 90s, 15m or 2h`);
  }
  const file = resolveConfigPath(options.config);
  const edit = addSources(readConfigText(file), file, [
    { url, id: options.id, category: options.category, interval: options.interval, title: options.title },
  ]);
  writeConfigAtomically(file, edit.text);
  const added = edit.added[0]!;
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ added: edit.added, file }, null, 2)}\n`);
  } else {
    process.stdout.write(`added source "${added.id}" (${added.url}) to ${file}\na running \`feedmill start\` polls it within seconds\n`);
  }
  return EXIT.OK;
}

export async function removeSourceCommand(options: GlobalOptions, id: string): Promise<number> {
  const file = resolveConfigPath(options.config);
  const edit = removeSource(readConfigText(file), file, id);
  writeConfigAtomically(file, edit.text);
  if (options.json) process.stdout.write(`${JSON.stringify({ removed: id, file }, null, 2)}\n`);
  else process.stdout.write(`removed source "${id}" from ${file}\n`);
  return EXIT.OK;
}
