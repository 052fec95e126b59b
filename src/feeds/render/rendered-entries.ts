// Render stage: the entries already rendered, kept between renders. A busy category is rendered
// again for every few new stories, and nearly all of its entries are the same as last time;
// rendering them is most of what a render costs (the `feed` package builds and serializes the
// whole XML tree). An entry's text in a format is a pure function of its EntryView, so the
// view itself, serialized, is the key: any change to what an entry shows (a new source, an
// edited title, a renamed category) is a new key, and nothing is ever stale. Bounded, least
// recently used first out.
import type { OutputFormat } from '../../shared/types.js';
import type { EntryView } from './feed-view.js';

export class RenderedEntries {
  private readonly texts = new Map<string, Partial<Record<OutputFormat, Buffer>>>();

  /** `capacity`: entries kept; room for every feed's entries twice over keeps each render's hits. */
  constructor(public capacity: number) {}

  get size(): number {
    return this.texts.size;
  }

  /** The kept texts (UTF-8) of each entry (an empty record for an entry not seen yet), to read and fill. */
  recordsFor(entries: readonly EntryView[]): Partial<Record<OutputFormat, Buffer>>[] {
    const records = entries.map((entry) => {
      const key = JSON.stringify(entry);
      const record = this.texts.get(key) ?? {};
      // Re-inserted: a Map iterates in insertion order, so the first keys are the least recently used.
      this.texts.delete(key);
      this.texts.set(key, record);
      return record;
    });
    for (const key of this.texts.keys()) {
      if (this.texts.size <= Math.max(this.capacity, entries.length)) break;
      this.texts.delete(key);
    }
    return records;
  }
}
