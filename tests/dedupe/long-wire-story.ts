// A long wire story, an outlet's rewrite of it (its own intro, the lede paraphrased, paragraphs
// moved and cut, house style for numbers), another outlet's republication (its own headline, no
// dateline, the last paragraphs cut), a summary-only feed's copy (its own headline and the
// wire's lede) and a follow-up on the same event that repeats the background and a quote but
// reports new facts: for the near-duplicate rule's tests and the store's.

const p = (...paragraphs: string[]) => paragraphs.map((text) => `<p>${text}</p>`).join('');

const lede =
  'LISBON (Reuters) - Portugal\'s largest power utility said on Tuesday it would spend $2.4 billion over five years to replace ageing hydroelectric turbines on the Douro river, the biggest single investment in the country\'s renewable fleet since 2010.';
const plan =
  'The programme covers 14 dams and will raise the cascade\'s output by 15% once complete in 2031, Energias do Norte said in a statement, adding that about 900 construction jobs would be created in the region.';
const quote =
  '"These machines were designed for a grid that no longer exists," chief executive Marta Veloso told reporters at the company\'s headquarters. "We need plants that can start and stop several times a day to balance wind and solar."';
const finance =
  'The utility said the work would be paid for from operating cash flow and a green bond it plans to issue before the end of the year, and that it expected no change to its dividend policy.';
const analysts =
  'Analysts at Banco Atlantico said the plan was larger than expected and would lift the company\'s regulated asset base by about 8%, though they warned that construction delays at two earlier dam projects had pushed costs up by a third.';
const background1 =
  'Hydropower supplied roughly a quarter of Portugal\'s electricity last year, a share that swings sharply with rainfall. A drought in 2022 cut output to its lowest level in three decades and forced the grid operator to import power from Spain.';
const background2 =
  'The government has set a target of generating 85% of the country\'s electricity from renewable sources by 2030, and has asked utilities to add pumped storage so that surplus solar power at midday can be kept for the evening peak.';
const environment =
  'Environmental groups welcomed the decision to upgrade existing dams rather than build new ones, but the river conservation charity Rio Vivo said fish passages at several of the older plants still fell short of European rules.';
const shares = 'Shares in Energias do Norte rose 3.2% in Lisbon trading, outperforming a flat European utilities index.';

export const wire = {
  title: 'Portuguese utility to spend $2.4 bln on Douro hydro turbines',
  body: p(lede, plan, quote, finance, analysts, background1, background2, environment, shares),
};

export const rewrite = {
  title: 'Energias do Norte bets on old dams with $2.4bn turbine overhaul',
  body: p(
    'Portugal\'s hydro dams are getting a second life.',
    'Energias do Norte, the country\'s biggest power company, announced on Tuesday a five-year, $2.4bn programme to fit new turbines at its plants along the Douro, its largest renewables investment in more than a decade.',
    quote,
    'The programme covers 14 dams and will raise the cascade\'s output by 15 per cent once complete in 2031, the company said, adding that about 900 construction jobs would be created in the region.',
    shares.replace('3.2%', '3.2 per cent'),
    background2.replace('85%', '85 per cent'),
    background1,
    'Analysts at Banco Atlantico said the plan was larger than expected and would lift the company\'s regulated asset base by about 8 per cent, though they warned that construction delays at two earlier dam projects had pushed costs up by a third.',
  ),
};

export const republication = {
  title: 'Douro dams to get new turbines in $2.4 billion upgrade',
  body: p(lede.replace('LISBON (Reuters) - ', ''), plan, quote, finance, analysts, background1, background2),
};

export const summary = {
  title: 'Portugal utility plans $2.4bn hydro refit',
  body: lede.replace('LISBON (Reuters) - ', ''),
};

export const followUp = {
  title: 'Portugal approves Douro turbine overhaul, trims dam list to 11',
  body: p(
    'LISBON (Reuters) - Portugal\'s environment ministry on Friday approved Energias do Norte\'s plan to refit hydroelectric plants on the Douro river, but struck three dams from the list after objections over fish migration, cutting the budget to $1.9 billion.',
    'The ministry said the remaining 11 plants could begin work in the spring of 2026, a year later than the utility had hoped, and attached 40 conditions on river flows and monitoring to the permit.',
    'Energias do Norte said it would study the decision and that it still expected the programme to raise output by around 12%.',
    quote,
    'Rio Vivo, which had filed the objections, called the ruling a partial victory and said it would press for new fish passages at the dams that were approved.',
    background1,
    background2,
    'Shares in the utility fell 1.8% in Lisbon on Friday.',
  ),
};
