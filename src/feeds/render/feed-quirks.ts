// Render stage: how strings must be prepared for the `feed` package (v6), whose XML comes from
// `xml-js` 1.6. Known behaviours this works around:
// - text nodes: xml-js first turns every "&amp;" back into "&" ("desanitize"), then escapes
//   & < >. Text that really contains "&amp;" would lose it, so "&" is doubled up front.
// - attributes we add ourselves (item extensions) are escaped for `"` only, so & and < are
//   escaped here.
// - CDATA: xml-js splits only the first "]]>"; see cdataSafeHtml in xml-safe.ts.

/** A string for an xml-js text node. */
export function xmlJsText(value: string): string {
  return value.replace(/&/g, '&amp;');
}

/** A string for an xml-js attribute value. */
export function xmlJsAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
