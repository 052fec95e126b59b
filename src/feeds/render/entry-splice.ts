// Render stage: a feed document as its frame plus one text per entry, so that an entry rendered
// once can be reused by every later render of any feed that carries it (see rendered-entries.ts).
// `feed` (through xml-js, `spaces: 4`) writes each <item>/<entry> as the frame's last children,
// each on its own lines at a fixed depth, and nothing in an entry's text depends on the frame or
// on the other entries. So:
// - entries are rendered together in one document, and the region from the first opening tag to
//   the last closing tag is cut where a line holds only an opening tag at the entries' depth.
//   Each entry has exactly one such line unless its own text holds another (raw HTML could): the
//   count of pieces shows it, and those entries are then rendered one per document;
// - a whole document is its frame, rendered with one stand-in entry (which also brings in any
//   namespace an entry needs), with that stand-in's text replaced by the entries' texts: the same
//   bytes `feed` writes for all the entries at once.
// Neither the frame's head nor its tail can contain the tags: `feed` escapes "<" in text there.
import type { DocumentParts, EntryView } from './feed-view.js';

export type EntryTag = 'item' | 'entry';

/** The entry a frame is rendered with, to be replaced by the real ones. */
export const STAND_IN_ENTRY: EntryView = {
  id: 'urn:feedmill:stand-in',
  storyId: '',
  title: '',
  link: 'https://feedmill.invalid/',
  published: new Date(0),
  updated: new Date(0),
  authors: [],
  categories: [],
  enclosures: [],
  sources: [],
};

/** xml-js takes longer per entry the more a document holds: entries are rendered this many at a time. */
const ENTRIES_PER_DOCUMENT = 25;

/** Each entry's text, as `render` (a frame with these entries, in order) writes it. */
export function entryTexts(entries: readonly EntryView[], tag: EntryTag, render: (entries: readonly EntryView[]) => string): string[] {
  const texts: string[] = [];
  for (let at = 0; at < entries.length; at += ENTRIES_PER_DOCUMENT) {
    const some = entries.slice(at, at + ENTRIES_PER_DOCUMENT);
    const region = entriesRegion(render(some), tag);
    const opening = region.slice(0, region.indexOf(`<${tag}>`) + tag.length + 2);
    const pieces = region.split(opening);
    if (pieces.length === some.length + 1) texts.push(...pieces.slice(1).map((piece) => opening + piece));
    else texts.push(...some.map((entry) => entriesRegion(render([entry]), tag)));
  }
  return texts;
}

/** The document (rendered with STAND_IN_ENTRY alone) around that entry: the entry texts go in its place, in order. */
export function spliceEntries(document: string, tag: EntryTag): DocumentParts {
  const region = entriesRegion(document, tag);
  const start = document.lastIndexOf('\n', document.indexOf(`<${tag}>`));
  return { head: document.slice(0, start), separator: '', tail: document.slice(start + region.length) };
}

/** From the newline before the first opening tag to the end of the last closing tag. */
function entriesRegion(document: string, tag: EntryTag): string {
  const open = document.indexOf(`<${tag}>`);
  const close = document.lastIndexOf(`</${tag}>`);
  if (open < 0 || close < open) throw new Error(`feed wrote no <${tag}> where entries were given`);
  return document.slice(document.lastIndexOf('\n', open), close + tag.length + 3);
}

/** The date kept frames are rendered with, then replaced by the feed's own (not the stand-in entry's date). */
const FRAME_DATE = new Date(Date.UTC(2000, 0, 1));
/** Frames kept, least recently used out first: one per feed and format, a couple of KB each. */
const KEPT_FRAMES = 1024;

/**
 * Frames kept between renders. A feed's frame is the same xml-js document at every render but for
 * the date of its newest story, which a busy feed changes at nearly every render: it is rendered
 * once with FRAME_DATE, and that date's one element (`dateElement` writes it as `feed` does) is
 * replaced by the feed's own. `key` says everything else the frame shows. A frame without that
 * element exactly once is rendered anew each time.
 */
export class KeptFrames {
  private readonly frames = new Map<string, string | null>();

  constructor(private readonly dateElement: (date: Date) => string) {}

  frame(key: string, updated: Date, render: (updated: Date) => string): string {
    let frame = this.frames.get(key);
    if (frame !== undefined) {
      this.frames.delete(key);
      this.frames.set(key, frame);
    } else {
      const rendered = render(FRAME_DATE);
      const element = this.dateElement(FRAME_DATE);
      const at = rendered.indexOf(element);
      frame = at >= 0 && rendered.indexOf(element, at + 1) < 0 ? rendered : null;
      this.frames.set(key, frame);
      if (this.frames.size > KEPT_FRAMES) this.frames.delete(this.frames.keys().next().value as string);
    }
    if (frame === null) return render(updated);
    const element = this.dateElement(FRAME_DATE);
    const at = frame.indexOf(element);
    return frame.slice(0, at) + this.dateElement(updated) + frame.slice(at + element.length);
  }
}
