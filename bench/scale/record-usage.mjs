// Preloaded (NODE_OPTIONS=--import) into the feedmill processes the scale bench starts: at exit,
// appends the process's own peak RSS and CPU time to $FEEDMILL_BENCH_USAGE, one JSON line each,
// so that figures are the process's own and not the bench's or the farm's.
import { appendFileSync } from 'node:fs';

const file = process.env.FEEDMILL_BENCH_USAGE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    appendFileSync(
      file,
      `${JSON.stringify({ pid: process.pid, args: process.argv.slice(2), maxRssKb: usage.maxRSS, userMs: usage.userCPUTime / 1000, systemMs: usage.systemCPUTime / 1000 })}\n`,
    );
  });
}
