// One wire story as outlets carry it, for tests/dedupe/figures-kept.test.ts: the wire copy, an
// outlet's rewrite in its own words (its own lede and context sentence, a paragraph cut, the
// quote's attribution and the order of the paragraphs changed, "48-hour" as "two-day", the other
// figures and the quote kept), and a follow-up two days later that repeats the background figures
// and names but tells its own outcome.

export const wire = {
  title: 'Dockworkers at Rotterdam walk out over pay, halting 40 ships',
  body:
    '<p>ROTTERDAM (Reuters) - About 2,500 dockworkers at the port of Rotterdam began a 48-hour strike on Monday over pay, leaving 40 container ships waiting at anchor, the FNV union said.</p>' +
    '<p>The union is demanding a 12 percent raise over two years; terminal operators have offered 7 percent. Talks broke down on Friday after 11 hours.</p>' +
    '<p>"Our members have handled record volumes and have seen nothing for it," FNV negotiator Niek Stam said.</p>' +
    '<p>Some 14,000 containers a day pass through the terminals, and 300 trucks were turned away in the morning.</p>' +
    "<p>The port handled 439 million tonnes of cargo last year, making it Europe's largest. Port authority spokesman Sjaak Poppe said 17 berths were idle.</p>",
};

export const rewrite = {
  title: "Europe's biggest port grinds to a halt as dockers strike",
  body:
    '<p>Container traffic at Rotterdam came to a standstill on Monday as roughly 2,500 port workers downed tools for two days in a dispute over wages.</p>' +
    '<p>It is the first strike at the port since March 2019, when crane drivers stopped work.</p>' +
    '<p>Some 40 container vessels were left at anchor off the coast, according to the FNV union, which wants pay to rise by 12% over two years against the 7% the terminal companies have put on the table.</p>' +
    '<p>"Our members have handled record volumes and have seen nothing for it," said Niek Stam, who leads the talks for FNV. Negotiations collapsed late last week after 11 hours.</p>' +
    '<p>Seventeen berths stood empty, a port authority spokesman said. Rotterdam moved 439 million tonnes of goods last year.</p>',
};

export const followUp = {
  title: 'Rotterdam dock strike ends as union accepts 9 percent offer',
  body:
    '<p>ROTTERDAM (Reuters) - Dockworkers at the port of Rotterdam returned to work on Wednesday after the FNV union accepted a 9 percent pay rise over two years, ending a 48-hour strike that left 40 container ships waiting at anchor.</p>' +
    '<p>The union had demanded 12 percent. About 2,500 workers took part in the walkout, which began on Monday.</p>' +
    '<p>"This is a result our members can live with," FNV negotiator Niek Stam said. The backlog of 65 ships would take up to five days to clear, port authority spokesman Sjaak Poppe said.</p>' +
    '<p>The port handled 439 million tonnes of cargo last year.</p>',
};

// Two versions of the follow-up that tell no figure the wire lacks: all they hold apart is the
// wire's figures they leave out, as a cut would, but they tell the outcome (the accepted offer,
// Wednesday, the days the backlog takes), which no copy of the wire brings.

/** The follow-up without its one new figure (the backlog of 65 ships). */
export const followUpWithoutBacklog = {
  title: followUp.title,
  body: followUp.body.replace('The backlog of 65 ships would take', 'The backlog would take'),
};

/** The follow-up repeating one more of the wire's figures (14,000 containers a day). */
export const followUpWithContainers = {
  title: followUp.title,
  body: followUp.body.replace(
    '<p>The port handled 439 million tonnes',
    '<p>Some 14,000 containers a day pass through the terminals. The port handled 439 million tonnes',
  ),
};
