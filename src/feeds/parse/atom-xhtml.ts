// Atom's inline XHTML (type="xhtml"; Atom 0.3: mode="xml") rewritten as escaped HTML before
// the XML parser runs. xml2js keeps text and child elements apart, so "<p>a <b>b</b> c</p>"
// would come back as "<p>a  c<b>b</b></p>"; as CDATA the markup keeps its order, and the
// sanitizer reads it like any other HTML.

// The name may carry a prefix: "<atom:content type="xhtml">" in a feed that prefixes Atom.
const TEXT_CONSTRUCT = /<((?:[\w.-]+:)?(?:content|summary|title|subtitle|tagline|rights))(\s[^>]*?)(?<!\/)>([\s\S]*?)<\/\1>/g;
const IS_XHTML = /\s(?:type\s*=\s*["']xhtml["']|mode\s*=\s*["']xml["'])/;
const TYPE_OR_MODE = /\s(?:type|mode)\s*=\s*(["'])[^"']*\1/g;

export function inlineXhtmlAsHtml(text: string): string {
  if (!text.includes('xhtml') && !/mode\s*=\s*["']xml/.test(text)) return text;
  return text.replace(TEXT_CONSTRUCT, (element, name: string, attributes: string, body: string) => {
    if (!IS_XHTML.test(attributes)) return element;
    const cdata = body.replace(/]]>/g, ']]]]><![CDATA[>');
    return `<${name}${attributes.replace(TYPE_OR_MODE, '')} type="html"><![CDATA[${cdata}]]></${name}>`;
  });
}
