// Run by the scale bench in a process of its own (the built code, dist/): the 304 cycle of
// `feedmill once` repeated inside one running process, as a running feedmill's workers poll when
// every source is due, with module loads, JIT compilation and worker start behind it after the
// first cycle. The fetch connections are closed before each cycle (a service polling every few
// minutes finds its keep-alive connections gone), so each cycle connects to every host anew.
// With PROCESSES > 1, as many `feedmill worker --roles poll,ingest` processes take part, as with
// `once --processes`, started once and kept for every cycle.
// Prints one JSON line: each cycle's duration, polls, CPU time of this process and Redis commands.
//   node bench/scale/warm-cycles.mjs CONFIG_FILE CYCLES [PROCESSES]
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [configFile, cyclesText = '5', processesText = '1'] = process.argv.slice(2);
const processes = Number(processesText);
const dist = new URL('../../dist/', import.meta.url);
const load = (module) => import(new URL(module, dist).href);
const [{ readConfig, openContext, silentLogger }, { runOnce }, { startWorkers }, { ROLES }, { closeFetchAgents }, { startWorkerProcesses }] = await Promise.all([
  load('commands/context.js'),
  load('app/run-once.js'),
  load('workers/run-workers.js'),
  load('workers/queues.js'),
  load('feeds/fetch/index.js'),
  load('app/worker-processes.js'),
]);
const config = readConfig({ config: configFile });
const context = await openContext(config, silentLogger);
const workers = startWorkers(context.runtime, ROLES);
// The worker processes run the feedmill command itself.
process.argv[1] = fileURLToPath(new URL('../../bin/feedmill.js', import.meta.url));
const others = startWorkerProcesses(processes - 1, { configFile: path.resolve(configFile), redisUrl: context.redis.url, roles: ['poll', 'ingest'], logLevel: 'warn', logger: silentLogger });
const cycles = [];
try {
  if ((await others.ready(60_000)) > 0) throw new Error('a worker process did not start within 60s');
  // A process that crashed counts as started: the figures would be labelled with more processes than ran.
  const allRunning = () => {
    if (others.running() < processes - 1) throw new Error(`only ${others.running()} of ${processes - 1} worker processes are running`);
  };
  // Redis commands of each cycle alone, not of the start, the first cycle's warm-up or idle workers between cycles.
  const commands = async () => [...(await context.runtime.redis.info('commandstats')).matchAll(/^cmdstat_[^:]+:calls=(\d+)/gm)].reduce((n, m) => n + Number(m[1]), 0);
  for (let i = 0; i < Number(cyclesText); i++) {
    allRunning();
    await closeFetchAgents();
    const commandsBefore = await commands();
    const cpu = process.cpuUsage();
    const summary = await runOnce(context.runtime, { timeoutMs: 120_000, processes });
    const used = process.cpuUsage(cpu);
    // Less the INFO call that reads the count.
    const redisCommands = (await commands()) - commandsBefore - 1;
    cycles.push({ durationMs: summary.durationMs, sources: summary.sources, notModified: summary.notModified, failed: summary.failed, cpuMs: (used.user + used.system) / 1000, redisCommands });
  }
  allRunning();
} finally {
  await others.stop();
  await workers.close();
  await context.close();
}
process.stdout.write(`${JSON.stringify({ cycles })}\n`);
