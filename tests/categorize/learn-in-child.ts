// A second feedmill process for the learning tests: a Categorizer of its own, on its own
// connection, classifies and learns from the stories given (JSON on argv) and prints how many it
// learned from. Run with `node --import tsx learn-in-child.ts <redis url> <prefix> <config> <stories>`
// (the parsed config and the stories as JSON).
import { Redis } from 'ioredis';
import { Categorizer, type CategorizeInput } from '../../src/categorize/index.js';
import type { Config } from '../../src/shared/config.js';
import { Keys } from '../../src/shared/keys.js';

const [url, prefix, config, stories] = process.argv.slice(2) as [string, string, string, string];
const redis = new Redis(url, { maxRetriesPerRequest: 1 });
const categorizer = new Categorizer(redis, new Keys(prefix), JSON.parse(config) as Config);
const inputs = JSON.parse(stories) as CategorizeInput[];
process.stdout.write(String(await categorizer.learnFrom(inputs, await categorizer.classify(inputs))));
redis.disconnect();
