// Render stage: the permanent id of a story's entry in every format (Atom id, RSS guid,
// JSON Feed id). Readers use it to tell new entries from seen ones, so it must never change
// across renders, title edits or a move of output.baseUrl: a name-based UUID (RFC 9562 v5)
// of the story id alone. `feed` passes Atom ids through `new URL()`, which a urn: accepts.
import { createHash } from 'node:crypto';

// feedmill's own UUID namespace for story ids (fixed forever: changing it changes every entry id).
const STORY_NAMESPACE = Buffer.from('6f1d3c52a8e94b7d9c0e2b5a7d4f8e61', 'hex');

export function entryId(storyId: string): string {
  const hash = createHash('sha1').update(STORY_NAMESPACE).update(storyId, 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `urn:uuid:${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
