// `feedmill opml export|import`: the source list as OPML 2.0, to move subscriptions between
// feedmill and feed readers. Import edits feedmill.yaml in place like `feedmill sources add`.
// Neither needs Redis, so neither loads the runtime.
import { readFileSync } from 'node:fs';
import { loadConfig, parseConfig, resolveConfigPath } from '../shared/config.js';
import { FeedmillError } from '../shared/errors.js';
import { addSources, readConfigText, writeConfigAtomically } from '../ops/config-edit.js';
import { planImport, readOpmlFeeds, renderSourcesOpml } from '../ops/opml.js';
import { EXIT } from './exit-codes.js';
import type { GlobalOptions } from './context.js';

export async function exportOpmlCommand(options: GlobalOptions): Promise<number> {
  process.stdout.write(renderSourcesOpml(loadConfig(resolveConfigPath(options.config))));
  return EXIT.OK;
}

export interface ImportOptions extends GlobalOptions {
  dryRun?: boolean;
}

export async function importOpmlCommand(options: ImportOptions, opmlFile: string): Promise<number> {
  let opml: string;
  try {
    opml = readFileSync(opmlFile, 'utf8');
  } catch (err) {
    throw new FeedmillError('NOT_FOUND', `${opmlFile}: cannot read the OPML file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  const file = resolveConfigPath(options.config);
  const text = readConfigText(file);
  const plan = planImport(parseConfig(text, file), readOpmlFeeds(opml, opmlFile));
  const edit = plan.add.length > 0 ? addSources(text, file, plan.add) : undefined;
  if (edit && !options.dryRun) writeConfigAtomically(file, edit.text);
  const added = edit?.added.map((a, i) => ({ ...a, category: plan.add[i]?.category })) ?? [];
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ dryRun: options.dryRun === true, added, skipped: plan.skipped, unknownFolders: plan.unknownFolders, file }, null, 2)}\n`);
    return EXIT.OK;
  }
  const verb = options.dryRun ? 'would add' : 'added';
  const lines = [`${verb} ${added.length} source${added.length === 1 ? '' : 's'}${options.dryRun ? '' : ` to ${file}`}`];
  for (const a of added) lines.push(`  + ${a.id}  ${a.category ?? 'auto'}  ${a.url}`);
  if (plan.skipped.length > 0) {
    lines.push(`skipped ${plan.skipped.length}:`);
    for (const s of plan.skipped) lines.push(`  - ${s.url}: ${s.reason}`);
  }
  if (plan.unknownFolders.length > 0) {
    lines.push(
      `folders that match no configured category (their feeds are categorized story by story; add the category to the config to use it): ${plan.unknownFolders.join(', ')}`,
    );
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT.OK;
}
