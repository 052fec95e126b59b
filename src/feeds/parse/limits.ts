// Bounds on what one feed may put into feedmill. Documents are capped at fetch (10 MB);
// these keep one source from filling Redis or a published feed with a single huge field.

/** Items read from one document, in document order; `parse.maxItems` in the config. A feed cut by it is reported (TRUNCATED). */
export const DEFAULT_MAX_ITEMS = 2000;
/** Entities a DOCTYPE may declare, how long one may expand to, and how much all references together may add. */
export const MAX_DECLARED_ENTITIES = 64;
export const MAX_ENTITY_EXPANSION = 4_096;
export const MAX_EXPANDED_TOTAL = 1024 * 1024;
/** Deeper nesting than any real feed has is an attack on the parser's stack. */
export const MAX_DEPTH = 256;
/** A start tag this long is one huge attribute, not markup. */
export const MAX_TAG_LENGTH = 256 * 1024;
export const MAX_TITLE_LENGTH = 1_000;
export const MAX_DESCRIPTION_LENGTH = 4_000;
export const MAX_NAME_LENGTH = 200;
export const MAX_TAGS = 50;
export const MAX_AUTHORS = 20;
export const MAX_ENCLOSURES = 20;
export const MAX_GUID_LENGTH = 1_024;
export const MAX_SUMMARY_LENGTH = 64 * 1024;
export const MAX_CONTENT_LENGTH = 1024 * 1024;
/** A derived title takes the first words of the summary up to about this many characters. */
export const DERIVED_TITLE_LENGTH = 80;
