// Fetch stage, connections: the undici Agents that feed fetches go through. A guarded
// Agent checks the address it is about to connect to (after DNS, so a name that resolves
// to 127.0.0.1 today cannot get around it) and refuses non-public ones; see address-policy.ts.
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { FeedmillError } from '../../shared/errors.js';
import { isNonPublicAddress } from './address-policy.js';

export interface DispatcherOptions {
  connectTimeoutMs: number;
  guarded: boolean;
  /** DNS resolution; node's dns.lookup unless a caller (a test) maps names itself. */
  lookup?: LookupFunction;
}

// Agents keep connections alive between polls of one host, so they are shared: one per
// distinct option set, which in a running feedmill means one or two.
const agents = new Map<string, Agent>();
const lookupIds = new WeakMap<LookupFunction, number>();
let nextLookupId = 1;

export function dispatcherFor(options: DispatcherOptions): Agent {
  const key = `${options.connectTimeoutMs}:${options.guarded}:${options.lookup ? lookupId(options.lookup) : 0}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = createAgent(options);
    agents.set(key, agent);
  }
  return agent;
}

const CLOSE_WAIT_MS = 2000;

/**
 * Closes every shared Agent (process shutdown, end of a test file). A request still in flight
 * (a source that never answers) gets a moment, then its socket is destroyed: shutdown has a bound.
 */
export async function closeFetchAgents(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(
    all.map(async (agent) => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), CLOSE_WAIT_MS);
      });
      const closed = agent.close().then(() => 'closed' as const);
      if ((await Promise.race([closed, late])) === 'late') await agent.destroy().catch(() => undefined);
      clearTimeout(timer);
    }),
  );
}

/** Marks a BLOCKED_ADDRESS raised while connecting; fetchFeed adds the URL to the message. */
export function blockedAddressError(hostname: string, address: string): FeedmillError {
  const via = hostname === address ? '' : ` (${hostname} resolves to it)`;
  return new FeedmillError('BLOCKED_ADDRESS', `refused to connect to non-public address ${address}${via}`, { address, hostname });
}

function createAgent(options: DispatcherOptions): Agent {
  const lookup = options.lookup ?? (dnsLookup as LookupFunction);
  if (!options.guarded) {
    return new Agent({ connect: { timeout: options.connectTimeoutMs, lookup } });
  }
  const connect = buildConnector({ timeout: options.connectTimeoutMs, lookup: guardLookup(lookup) });
  return new Agent({
    connect: (target, callback) => {
      // Node skips the lookup for IP literals, so those are checked here, before any packet is sent.
      if (isIP(target.hostname) && isNonPublicAddress(target.hostname)) {
        callback(blockedAddressError(target.hostname, target.hostname), null);
        return;
      }
      connect(target, callback);
    },
  });
}

/** A lookup that drops non-public addresses and fails when none is left. */
function guardLookup(lookup: LookupFunction): LookupFunction {
  return (hostname, options, callback) => {
    lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) {
        callback(err, '', 0);
        return;
      }
      const all = (Array.isArray(addresses) ? addresses : [{ address: addresses, family: isIP(addresses) }]) as LookupAddress[];
      const allowed = all.filter((entry) => !isNonPublicAddress(entry.address));
      const first = allowed[0];
      if (!first) {
        callback(blockedAddressError(hostname, all[0]?.address ?? 'none'), '', 0);
      } else if (options.all) {
        callback(null, allowed);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };
}

function lookupId(lookup: LookupFunction): number {
  let id = lookupIds.get(lookup);
  if (id === undefined) {
    id = nextLookupId++;
    lookupIds.set(lookup, id);
  }
  return id;
}
