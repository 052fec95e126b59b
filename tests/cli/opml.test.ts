// OPML for `feedmill opml export|import`: what feedmill exports it imports back unchanged,
// and a feed reader's OPML (folders, entities, odd attribute spellings) maps onto the config's
// categories without inventing new ones.
import { describe, expect, test } from 'vitest';
import { planImport, readOpmlFeeds, renderSourcesOpml } from '../../src/ops/opml.js';
import { parseConfig } from '../../src/shared/config.js';

const config = parseConfig(
  `
output: { title: "Newsroom & Co" }
categories:
  - { id: politics, title: Politics }
  - { id: tech, title: Technology }
sources:
  - { id: wire, url: "https://wire.example/rss.xml?lang=en&fmt=rss", title: "Wire <Desk>", category: politics }
  - { id: herald, url: "https://herald.example/feed.atom" }
`,
  'feedmill.yaml',
  {},
);

describe('opml export', () => {
  test('groups sources with a fixed category in that category\'s folder and escapes attributes', () => {
    const opml = renderSourcesOpml(config, new Date(Date.UTC(2026, 10, 25)));
    expect(opml).toContain('<title>Newsroom &amp; Co sources</title>');
    expect(opml).toContain(
      '    <outline text="Politics" title="Politics">\n      <outline type="rss" text="Wire &lt;Desk&gt;" title="Wire &lt;Desk&gt;" xmlUrl="https://wire.example/rss.xml?lang=en&amp;fmt=rss"/>\n    </outline>',
    );
    expect(opml).not.toContain('text="Technology"');
    expect(opml).toContain('  <outline type="rss" text="herald" title="herald" xmlUrl="https://herald.example/feed.atom"/>');
  });

  test('what is exported imports back as the same sources and categories', () => {
    const empty = parseConfig('categories: [{ id: politics, title: Politics }]', 'feedmill.yaml', {});
    const plan = planImport(empty, readOpmlFeeds(renderSourcesOpml(config)));
    expect(plan).toEqual({
      add: [
        { url: 'https://wire.example/rss.xml?lang=en&fmt=rss', title: 'Wire <Desk>', category: 'politics' },
        { url: 'https://herald.example/feed.atom', title: 'herald' },
      ],
      skipped: [],
      unknownFolders: [],
    });
    expect(planImport(config, readOpmlFeeds(renderSourcesOpml(config))).add).toEqual([]);
  });
});

describe('opml import', () => {
  const reader = `<?xml version="1.0"?>
<opml version="1.0"><head><title>My subscriptions</title></head><body>
  <outline text="technology">
    <outline type="rss" text="Gadgets &amp; Gear" xmlUrl="https://gadgets.example/feed?format=rss&amp;lang=en" htmlUrl="https://gadgets.example/"/>
  </outline>
  <outline title='Cooking'><outline text="Pasta Daily" xmlurl="https://pasta.example/rss"/></outline>
  <outline text="News"><outline text="Politics">
    <outline text="Capitol" xmlUrl="https://capitol.example/atom"/>
    <!-- <outline text="Old" xmlUrl="https://old.example/rss"/> -->
  </outline></outline>
  <outline text="Loose" xmlUrl="https://loose.example/rss.xml"/>
  <outline text="Wire again" xmlUrl="https://WIRE.example/rss.xml?lang=en&amp;fmt=rss"/>
  <outline text="Twice" xmlUrl="https://loose.example/rss.xml"/>
  <outline text="Not a feed" xmlUrl="ftp://files.example/feed"/>
</body></opml>`;

  test('reads feed outlines with their folders, decoding entities, skipping comments', () => {
    expect(readOpmlFeeds(reader).slice(0, 3)).toEqual([
      { xmlUrl: 'https://gadgets.example/feed?format=rss&lang=en', title: 'Gadgets & Gear', htmlUrl: 'https://gadgets.example/', folders: ['technology'] },
      { xmlUrl: 'https://pasta.example/rss', title: 'Pasta Daily', folders: ['Cooking'] },
      { xmlUrl: 'https://capitol.example/atom', title: 'Capitol', folders: ['News', 'Politics'] },
    ]);
    expect(readOpmlFeeds(reader).map((f) => f.xmlUrl)).not.toContain('https://old.example/rss');
  });

  test('folders naming a category (by id or title, any case) set it; others are reported; duplicates skipped', () => {
    const plan = planImport(config, readOpmlFeeds(reader));
    expect(plan.add).toEqual([
      { url: 'https://gadgets.example/feed?format=rss&lang=en', title: 'Gadgets & Gear', category: 'tech' },
      { url: 'https://pasta.example/rss', title: 'Pasta Daily' },
      { url: 'https://capitol.example/atom', title: 'Capitol', category: 'politics' },
      { url: 'https://loose.example/rss.xml', title: 'Loose' },
    ]);
    expect(plan.unknownFolders).toEqual(['Cooking', 'News']);
    expect(plan.skipped).toEqual([
      { url: 'https://WIRE.example/rss.xml?lang=en&fmt=rss', reason: 'already configured as "wire"' },
      { url: 'https://loose.example/rss.xml', reason: 'listed twice in the file' },
      { url: 'ftp://files.example/feed', reason: 'not an http(s) URL' },
    ]);
  });

  test('a file that is not OPML is refused', () => {
    expect(() => readOpmlFeeds('<rss version="2.0"></rss>', 'feeds.xml')).toThrow('feeds.xml: not an OPML document');
  });
});
