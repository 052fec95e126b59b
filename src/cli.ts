#!/usr/bin/env node
// The `feedmill` command line: parses arguments, runs one command, maps errors to exit codes.
import { Command, CommanderError, Option } from 'commander';
import { EXIT } from './commands/exit-codes.js';
import { FeedmillError } from './shared/errors.js';
import { VERSION } from './shared/version.js';
import type { GlobalOptions } from './commands/context.js';

const program = new Command();
program
  .name('feedmill')
  .description('Self-hosted news feed aggregator: polls sources, dedupes and categorizes stories in Redis, publishes category feeds.')
  .version(VERSION, '-V, --version', 'print the version and exit')
  .addOption(new Option('-c, --config <path>', 'config file (default: $FEEDMILL_CONFIG or ./feedmill.yaml)'))
  .addOption(new Option('--log-level <level>', 'log level').choices(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']))
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride();

type Action = (options: GlobalOptions & Record<string, unknown>, args: string[]) => Promise<number>;

function run(action: Action) {
  // Commander passes the positional arguments first, then the options and the command itself.
  return async (...received: unknown[]) => {
    const command = received[received.length - 1] as Command;
    const options = { ...program.opts(), ...command.opts() } as GlobalOptions & Record<string, unknown>;
    process.exitCode = await action(options, command.processedArgs as string[]);
  };
}

program
  .command('start')
  .description('run everything: sync schedules from the config, run the poll, ingest and publish workers, serve the feeds over HTTP')
  .action(run(async (o) => (await import('./commands/start.js')).startCommand(o)));

program
  .command('once')
  .description('poll every source once, wait until ingest and publish have drained, write the feeds and exit (for cron)')
  .option('--json', 'print only a JSON summary on stdout')
  .option('--timeout <duration>', 'give up waiting after this long (exit 5)', '30m')
  .option('--processes <n>', 'worker processes sharing the work, counting this one (more use more CPU cores)', '1')
  .action(run(async (o) => (await import('./commands/once.js')).onceCommand(o)));

program
  .command('worker')
  .description('run only some workers, to scale out on more hosts (schedules come from `feedmill start`)')
  .requiredOption('--roles <roles>', 'comma-separated: poll, ingest, publish', 'poll,ingest,publish')
  .option('--port <port>', 'serve /healthz, /readyz and /metrics of this process on this port (default: $FEEDMILL_OPS_PORT, else none)')
  .option('--host <host>', 'address for --port', '127.0.0.1')
  .action(run(async (o) => (await import('./commands/worker.js')).workerCommand({ ...o, roles: String(o.roles) } as Parameters<typeof import('./commands/worker.js').workerCommand>[0])));

program
  .command('serve')
  .description('only serve the feed files in output.dir over HTTP (no polling)')
  .action(run(async (o) => (await import('./commands/serve.js')).serveCommand(o)));

program
  .command('demo')
  .description('run the whole pipeline on bundled sample sources, offline, and serve the result')
  .option('--once', 'exit after writing the feeds instead of serving them')
  .option('--port <port>', 'port for the feed server (0 picks a free one)', '8080')
  .option('--output <dir>', 'where to write the feeds', 'public')
  .option('--prefix <prefix>', 'Redis key prefix for the demo\'s data', 'feedmill-demo')
  .option('--json', 'print only a JSON summary on stdout')
  .action(run(async (o) => (await import('./commands/demo.js')).demoCommand(o)));

const sources = program.command('sources').description('list, add, remove and check the configured sources');

sources
  .command('list')
  .description('every source with its status, last success, last error, failures and next poll')
  .option('--json', 'print JSON instead of a table')
  .action(run(async (o) => (await import('./commands/sources.js')).listSourcesCommand(o)));

sources
  .command('add')
  .description('add a source to the config file (comments and order kept); a running `feedmill start` picks it up')
  .argument('<url>', 'the feed URL (RSS, Atom or JSON Feed)')
  .option('--id <id>', 'source id (default: derived from the URL)')
  .option('--category <id>', 'fix every story of this source to a configured category')
  .option('--interval <duration>', 'poll interval, e.g. 15m (default: defaults.interval)')
  .option('--title <title>', 'display name')
  .option('--json', 'print JSON')
  .action(run(async (o, [url]) => (await import('./commands/sources-edit.js')).addSourceCommand(o, url!)));

sources
  .command('remove')
  .description('remove a source from the config file (exit 4 when there is no such id)')
  .argument('<id>', 'source id')
  .option('--json', 'print JSON')
  .action(run(async (o, [id]) => (await import('./commands/sources-edit.js')).removeSourceCommand(o, id!)));

sources
  .command('check')
  .description('fetch and parse a feed now and suggest a category; stores nothing (exit 1 when it fails)')
  .argument('<url>', 'the feed URL')
  .option('--json', 'print JSON')
  .action(run(async (o, [url]) => (await import('./commands/sources.js')).checkSourceCommand(o, url!)));

program
  .command('status')
  .description('queue depths, workers alive, sources by health, stories and last publish per category')
  .option('--json', 'print JSON')
  .action(run(async (o) => (await import('./commands/status.js')).statusCommand(o)));

const opml = program.command('opml').description('import and export the source list as OPML 2.0');

opml
  .command('export')
  .description('print the sources as OPML 2.0, in one folder per fixed category')
  .action(run(async (o) => (await import('./commands/opml.js')).exportOpmlCommand(o)));

opml
  .command('import')
  .description('add the feeds of an OPML file to the config; folders named like a category set it')
  .argument('<file>', 'OPML file')
  .option('--dry-run', 'show what would be added without writing the config')
  .option('--json', 'print JSON')
  .action(run(async (o, [file]) => (await import('./commands/opml.js')).importOpmlCommand(o, file!)));

program
  .command('explain')
  .description('show a stored story: sources, and each category with the layer, score and reason that put it there')
  .argument('<story>', 'story id, or a link of the story')
  .option('--json', 'print JSON')
  .action(run(async (o, [story]) => (await import('./commands/explain.js')).explainCommand(o, story!)));

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = exitCodeFor(err);
}
// The command has ended: a connection a library still retries in the background (a BullMQ close
// during a Redis reconnect, taskforcesh/bullmq#4656) must not keep the process alive.
setTimeout(() => process.exit(), 2000).unref();

function exitCodeFor(err: unknown): number {
  if (err instanceof CommanderError) {
    // --help and --version end here too, with code 0.
    return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (err instanceof FeedmillError) {
    process.stderr.write(`feedmill: ${err.message}\n`);
    // Scripts reading --json output get the failure as JSON too, with the same stable code.
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ error: { code: err.code, message: err.message } })}\n`);
    switch (err.code) {
      case 'CONFIG_INVALID':
      case 'CONFIG_NOT_FOUND':
      case 'USAGE':
        return EXIT.USAGE;
      case 'REDIS_UNAVAILABLE':
        return EXIT.REDIS;
      case 'REDIS_AUTH':
        return EXIT.REDIS_AUTH;
      case 'REDIS_TLS':
        return EXIT.REDIS_TLS;
      case 'INTERRUPTED':
        return EXIT.INTERRUPTED;
      case 'NOT_FOUND':
        return EXIT.NOT_FOUND;
      default:
        return EXIT.FAILURE;
    }
  }
  process.stderr.write(`feedmill: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return EXIT.FAILURE;
}
