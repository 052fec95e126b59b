// The three ways a document can fail parsing, each with its stable FeedmillError code and the
// line when it is known, so that `feedmill status` can tell a user what to look at.

import { FeedmillError } from '../../shared/errors.js';

export function parseError(url: string, what: string, line?: number): FeedmillError {
  const where = line === undefined ? '' : ` at line ${line}`;
  return new FeedmillError('PARSE_ERROR', `${url}: ${what}${where}`, { url, line });
}

export function unsupportedFormat(url: string, what: string): FeedmillError {
  return new FeedmillError('UNSUPPORTED_FORMAT', `${url}: ${what}`, { url });
}

export function hostileDocument(url: string, what: string, line?: number): FeedmillError {
  const where = line === undefined ? '' : ` at line ${line}`;
  return new FeedmillError('HOSTILE_DOCUMENT', `${url}: ${what}${where}; refused without parsing`, { url, line });
}

/** 1-based line of a character offset, computed only when an error needs it. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** Only the newlines of `text`: what is cut out of a document leaves its lines, so that error lines still match the publisher's document. */
export function newlinesOf(text: string): string {
  return text.replace(/[^\n]/g, '');
}
