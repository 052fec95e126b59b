// Every Redis key feedmill uses, built in one place under the configured prefix.
// All keys carry one hash tag ("{prefix}") so that multi-key Lua scripts work on Redis Cluster;
// BullMQ gets the same tag as its own prefix.

export class Keys {
  /** The hash-tagged root, e.g. "{feedmill}". */
  readonly root: string;

  constructor(readonly prefix: string) {
    this.root = `{${prefix}}`;
  }

  /** BullMQ's `prefix` option: queue keys become "{feedmill}:poll:...". */
  get bullPrefix(): string {
    return this.root;
  }

  /** Everything under this prefix (for cleanup in tests and `feedmill reset`). */
  get pattern(): string {
    return `${this.root}:*`;
  }

  /** String: one story record, or the tombstone retention leaves behind (layout in src/store/story-record.ts). */
  story(id: string): string {
    return `${this.root}:story:${id}`;
  }
  /**
   * Hash: dedupe claims (a source's guid, a canonical link -> story), in one of a growing number
   * of buckets chosen by the claim's own hash so that each hash stays a small listpack; the store
   * appends the bucket number (layout in src/store/lua/dedupe-buckets.ts).
   */
  get claimsPrefix(): string {
    return `${this.root}:claim:`;
  }
  /** Hash: the near-duplicate index (shingle hash -> newest story ids), bucketed like claimsPrefix. */
  get nearIndexPrefix(): string {
    return `${this.root}:near:`;
  }
  /** Hash: per kind of dedupe bucket, how many there are, how many entries they hold, and the next one prune() sweeps. */
  get dedupeBuckets(): string {
    return `${this.root}:buckets`;
  }
  /** String: the sweep cursor of releases with 4096 fixed buckets; it marks such a store until its buckets are taken over. */
  get legacyDedupeSweep(): string {
    return `${this.root}:sweep`;
  }
  /** Sorted set: story ids of one category, scored by published time. */
  category(categoryId: string): string {
    return `${this.root}:cat:${categoryId}`;
  }
  /** Sorted set: every story id, scored by published time (the 'all' feed's order). */
  get allStories(): string {
    return `${this.root}:stories`;
  }
  /** List: every story, oldest first, as its id (10 bytes) and the time it was first stored (6 bytes, ms): retention by age. */
  get storiesFirstSeen(): string {
    return `${this.root}:stories:first`;
  }
  /** String: where prune() goes on compacting the first-seen list (entries of stories it removed by count). */
  get storiesFirstSeenCompaction(): string {
    return `${this.root}:stories:first:cursor`;
  }
  /** Sorted set: story ids scored by when they were first stored, as releases before the list kept them; prune() empties it. */
  get legacyStoriesByFirstSeen(): string {
    return `${this.root}:stories:seen`;
  }
  /** Set: names of the category zsets that hold stories (retention by count walks these). */
  get categoryIndex(): string {
    return `${this.root}:cats`;
  }
  /** Hash: per-source poll state (etag, last-modified, failures, next poll, last error...). */
  sourceState(sourceId: string): string {
    return `${this.root}:source:${sourceId}`;
  }
  /** Set: ids of every source that has state (for status pages). */
  get sourceIndex(): string {
    return `${this.root}:sources`;
  }
  /** Hash: per-category publish info (last publish, story count, content hash). */
  categoryState(categoryId: string): string {
    return `${this.root}:catstate:${categoryId}`;
  }
  /** Hash: category activity counts per hour bucket (for the charts). */
  activity(categoryId: string): string {
    return `${this.root}:activity:${categoryId}`;
  }
  /** Hash: naive Bayes token counts learned for one category. */
  bayesTokens(categoryId: string): string {
    return `${this.root}:bayes:tok:${categoryId}`;
  }
  /** List: the last changes learning made to one category's counts, for readers' copies (categorize/lua/learn-stories.ts). */
  bayesChanges(categoryId: string): string {
    return `${this.root}:bayes:changes:${categoryId}`;
  }
  /** Hash: stories each source has taught each category ("<category>\t<source>" -> count), for the per-source cap. */
  get bayesSources(): string {
    return `${this.root}:bayes:sources`;
  }
  /** Hash: naive Bayes totals (documents and tokens per category). */
  get bayesTotals(): string {
    return `${this.root}:bayes:totals`;
  }
  /** String: short lock so that one process at a time syncs job schedulers. */
  get schedulerLock(): string {
    return `${this.root}:lock:schedulers`;
  }
  /** Hash: counters of one `feedmill once` run (polled, failed, new stories...), shared by every worker. */
  run(runId: string): string {
    return `${this.root}:run:${runId}`;
  }
  /** Hash: what each source added to a `once` run's counters (source -> JSON), so that a second poll replaces, not adds. */
  runOutcomes(runId: string): string {
    return `${this.root}:run:${runId}:outcomes`;
  }
  /** Set: the sources whose ingest job of a `once` run has finished, each once however often its job ran. */
  runIngested(runId: string): string {
    return `${this.root}:run:${runId}:ingested`;
  }
  /** Hash: worker heartbeat per process (status page: workers alive). */
  get workers(): string {
    return `${this.root}:workers`;
  }
}
