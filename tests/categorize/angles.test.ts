// Angles file a story where a desk would when its words point elsewhere, say so in the reason,
// and a dual angle adds the section the words chose when it is close (categorize.secondSection).
import { expect, test } from 'vitest';
import { firedAngles } from '../../src/categorize/angles.js';
import { Categorizer } from '../../src/categorize/index.js';
import { configFrom, headline, testRedis } from './support.js';

const { redis, freshKeys } = testRedis('angles');
const setUp = (config = configFrom()) => new Categorizer(redis, freshKeys(), config);
/** Each headline's first category (with its reason), classified on fresh keys with the nine plain categories. */
const top = async (...titles: string[]) => (await setUp().classify(titles.map((title) => headline(title)))).map((categories) => categories[0]!);
const NINE = ['politics', 'world', 'business', 'science', 'technology', 'health', 'sports', 'entertainment', 'lifestyle'];

test('an angle fires only with both a subject and a frame word, and names the first of each', () => {
  expect(firedAngles('Tortoises recognise their keepers, researchers say', NINE).map((f) => [f.angle.label, f.words])).toEqual([
    ['animal research', ['tortoises', 'recognise']],
  ]);
  expect(firedAngles('Tortoises need a warm spot in winter', NINE)).toEqual([]);
  expect(firedAngles('Researchers map the human genome again', NINE)).toEqual([]);
});

test('an angle whose category is not configured does not fire', () => {
  expect(firedAngles('Tortoises recognise their keepers, researchers say', ['health', 'lifestyle'])).toEqual([]);
});

test('animal research goes to science, though its words read as health, and the reason says why', async () => {
  const text = 'Vaccine trial protects goats from a deadly virus';
  const [people, goats] = await top('Vaccine trial protects patients from a deadly virus', text);
  expect(people!.id).toBe('health');
  expect(goats).toMatchObject({ id: 'science', layer: 'bayes' });
  expect(goats!.reason).toMatch(/; angle: animal research \(goats \+ (vaccine|trial)\)$/);
});

test('weather abroad goes to world', async () => {
  const [result] = await top('Heatwave grips Portugal as temperatures pass 45C');
  expect(result!.id).toBe('world');
  expect(result!.reason).toContain('angle: weather or disaster abroad (portugal + heatwave)');
});

test('a climate rule goes to science and also to the section its words chose when close, unless secondSection is off', async () => {
  const story = headline('EPA finalises rule to cut methane from oil and gas wells');
  const [both] = await setUp().classify([story]);
  expect(both!.map((a) => a.id)).toEqual(['science', 'business']);
  expect(both![1]!.reason).toMatch(/^second section of climate policy: its words alone give business 0\.\d\d$/);
  const [one] = await setUp(configFrom({ categorize: '  secondSection: false' })).classify([story]);
  expect(one!.map((a) => a.id)).toEqual(['science']);
});

test('the second section is left out when the words alone were far from it', async () => {
  const [result] = await setUp().classify([headline('Countries agree biodiversity treaty to protect species and habitats')]);
  expect(result![0]!.id).toBe('science');
  expect(result).toHaveLength(1);
});

test('a ruling against a tech platform goes to technology, though its words read as business', async () => {
  const [result] = await top('Judge orders Google to share search data with rivals');
  expect(result!.id).toBe('technology');
  expect(result!.reason).toContain('angle: tech platforms and the law (google + judge)');
});

test('a gadget review goes to technology, a budget recipe round-up stays in lifestyle', async () => {
  const [earbuds, recipes] = await top(
    'The best budget earbuds we tested this year',
    'The best budget recipes for a week of dinners',
  );
  expect(earbuds!.id).toBe('technology');
  expect(earbuds!.reason).toContain('angle: gadget review (earbuds + best)');
  expect(recipes!.id).toBe('lifestyle');
});

test('systems failing go to technology even when every word is the owner trade, which stays second', async () => {
  const [result] = await setUp().classify([headline('Self-checkout machines go down across supermarket chain')]);
  expect(result!.map((a) => a.id)).toEqual(['technology', 'business']);
  expect(result![0]!.reason).toContain('angle: systems outage (self checkout + go down)');
});

test('an IT failure and stolen customer records go to technology though their words are a bank or a firm', async () => {
  const [it, records, pronoun] = await top(
    'Bank customers locked out of accounts after IT failure',
    'Millions of customer records sold on criminal forum after retailer hack',
    'Bank customers say it was a failure of service',
  );
  expect(it!.id).toBe('technology');
  expect(it!.reason).toContain('angle: systems outage (information technology + locked out)');
  expect(records!.id).toBe('technology');
  expect(pronoun!.id).toBe('business');
});

test('what lawmakers decide about taxes goes to politics, though a tax reads as business', async () => {
  const [result] = await top('Chancellor to freeze fuel duty again in budget');
  expect(result!.id).toBe('politics');
  expect(result!.reason).toContain('angle: lawmakers on public money (chancellor + duty)');
});

test('a film about a boxer goes to entertainment, a boxer alone to sports', async () => {
  const [film, fight] = await top(
    "Film about a boxing champion's comeback wins top prize at Venice",
    "Boxing champion's comeback ends in defeat",
  );
  expect(film!.id).toBe('entertainment');
  expect(film!.reason).toContain('angle: a work about something (film + about)');
  expect(fight!.id).toBe('sports');
});

test("an actor's diagnosis is celebrity news, a patient's is health", async () => {
  const [actor, patient] = await top(
    'Oscar-winning actor reveals cancer diagnosis',
    'Patients wait longer for cancer diagnosis',
  );
  expect(actor!.id).toBe('entertainment');
  expect(actor!.reason).toContain('angle: celebrity news (oscar winning + reveals)');
  expect(patient!.id).toBe('health');
});

test("a tech firm's job cuts go to technology, its share price stays business", async () => {
  const [cuts, shares] = await top(
    'Microsoft to cut 9,000 jobs as it spends on AI',
    'Microsoft shares slip despite record revenue',
  );
  expect(cuts!.id).toBe('technology');
  expect(cuts!.reason).toContain('angle: tech firms at work');
  expect(shares!.id).toBe('business');
});

test("a tech firm's results and a budget explained to the reader stay business: the angles' exceptions stop them", async () => {
  expect(firedAngles('Meta to hire 1,000 engineers in London', NINE).map((f) => f.angle.label)).toEqual(['tech firms at work']);
  // Its results fire only the angle of a firm's figures, which files them under business.
  expect(firedAngles("Meta's advertising revenue beats expectations as it hires engineers", NINE).map((f) => f.angle.label)).toEqual([
    "a firm's figures",
  ]);
  expect(firedAngles('Chancellor raises income tax thresholds in budget', NINE).map((f) => f.angle.label)).toEqual(['lawmakers on public money']);
  // Not lawmakers on public money: only the reader's angle, which files it under business.
  expect(firedAngles("What the chancellor's budget means for your pay and your pension", NINE).map((f) => f.angle.label)).toEqual([
    'money explained to the reader',
  ]);
  const [results] = await top("Meta's advertising revenue beats expectations, capex outlook raised");
  expect(results!.id).toBe('business');
});

test('politics abroad goes to world, politics at home and a domestic leader abroad stay politics', async () => {
  const [abroad, home, leader] = await top(
    'Peru parliament votes to impeach president over corruption claims',
    'Parliament votes to impeach president over corruption claims',
    'Trump says Peru parliament was right to impeach president',
  );
  expect(abroad).toMatchObject({ id: 'world', layer: 'bayes' });
  expect(abroad!.reason).toContain('angle: politics abroad (peru + parliament)');
  expect(home!.id).toBe('politics');
  expect(leader!.id).toBe('politics');
});

test("health workers' strikes go to health, other workers' stay where their words put them", async () => {
  const [midwives, drivers] = await top('Midwives vote to strike over pay offer', 'Train drivers vote to strike over pay offer');
  expect(midwives!.id).toBe('health');
  expect(midwives!.reason).toContain('angle: health workers on strike (midwives + strike)');
  expect(drivers!.id).not.toBe('health');
});

test('money explained to the reader goes to business, though a council tax reads as politics', async () => {
  const [reader, council] = await top('Council tax: how much more you will pay from April', 'Council tax rise approved by councillors');
  expect(reader!.id).toBe('business');
  expect(reader!.reason).toContain('angle: money explained to the reader (you + council tax)');
  expect(council!.id).toBe('politics');
});

test('weather that stops a match or a show abroad, or a storm in Northern Ireland, is no disaster abroad', () => {
  const fires = (title: string) => firedAngles(title, NINE).some((f) => f.angle.label === 'weather or disaster abroad');
  expect(fires('Floods in Sumatra kill 40 as heavy rain continues')).toBe(true);
  expect(fires('Australian Open: play suspended in Melbourne heat')).toBe(false);
  expect(fires('Taylor Swift Sydney concert hit by heat')).toBe(false);
  expect(fires('Floods hit Northern Ireland as heavy rain continues')).toBe(false);
});

test("a legislature named by its country is world news; the same word at home stays politics", async () => {
  const [peru, bundestag, home] = await top(
    "Peru's Congress removes president in late-night vote",
    'Bundestag approves debt brake reform to fund defence',
    'Congress passes bill to avert shutdown',
  );
  expect(peru!.id).toBe('world');
  expect(peru!.reason).toContain('angle: a legislature abroad (peru congress + removes)');
  expect(bundestag!.id).toBe('world');
  expect(home!.id).toBe('politics');
});

test('a place abroad to visit is the travel pages\' story, news from there stays world', async () => {
  const [islands, strike] = await top('The quiet Greek islands still worth visiting', 'Greek islands hit by ferry strike as holidays begin');
  expect(islands!.id).toBe('lifestyle');
  expect(islands!.reason).toContain('angle: travel abroad (greek + worth visiting)');
  expect(strike!.id).not.toBe('lifestyle');
});

test('an animal organ in a patient is medicine, not animal research', async () => {
  const [kidney] = await top('First patient receives pig kidney transplant in trial');
  expect(kidney!.id).toBe('health');
});

test('what scientists found about weather abroad is climate science, the weather itself world news', async () => {
  const [tipping, drought] = await top(
    'Amazon drought pushes rainforest towards tipping point, scientists warn',
    'Drought grips the Amazon as rivers run dry',
  );
  expect(tipping!.id).toBe('science');
  expect(drought!.id).toBe('world');
});

test('advice in the reader\'s voice is the lifestyle pages\' work whatever its subject, but a condition explained stays health', async () => {
  const [tennis, plain, cough] = await top(
    'My wife plays tennis every evening. Am I being unreasonable to mind?',
    'Tennis club plays every evening through the summer',
    'Is your baby\'s rash measles? What you should look for',
  );
  expect(tennis!.id).toBe('lifestyle');
  expect(tennis!.reason).toContain('angle: advice to the reader (am i + unreasonable)');
  expect(plain!.id).toBe('sports');
  expect(cough!.id).toBe('health');
});

test('a first person quoted in the news is no advice to the reader, nor are travel words inside other phrases', async () => {
  const results = await top(
    '\'Our mistake\': Biden admits Afghanistan errors',
    'Macron: my advice to Trump on Ukraine',
    '\'We should have acted sooner\', says Zelensky',
    'Starmer: we need to know what Putin wants',
    'Chinese diplomats urged to eat locally',
    'German chancellor says Europe has days in which to act',
  );
  expect(results.map((r) => r!.id)).not.toContain('lifestyle');
});

test('a club\'s owners, accounts and rights are the business of sport; its punishments and transfers stay sports', async () => {
  const [takeover, fined, transfer] = await top(
    'Aston Villa takeover agreed with American investors',
    'Aston Villa owner fined for breaching spending rules',
    'Aston Villa agree transfer fee for Bundesliga striker',
  );
  expect(takeover!.id).toBe('business');
  expect(takeover!.reason).toContain('angle: the business of sport (aston villa + takeover)');
  expect(fined!.id).toBe('sports');
  expect(transfer!.id).toBe('sports');
});

test('lawmakers and parties acting on climate are politics; an agency\'s climate rule stays science', async () => {
  const [senate, epa] = await top('Senate votes to repeal methane fee on oil producers', 'EPA proposes rule to cut methane from landfills');
  expect(senate!.id).toBe('politics');
  expect(senate!.reason).toContain('angle: lawmakers on climate (methane + senate)');
  expect(epa!.id).toBe('science');
});

test('to scrap a plan is not data scraping', () => {
  expect(firedAngles('Ministers scrap plan for new fire service targets', NINE).map((f) => f.angle.label)).not.toContain('cyber attack or outage');
  expect(firedAngles('Hackers sell data scraped from 10 million accounts', NINE).map((f) => f.angle.label)).toContain('cyber attack or outage');
});

test("a chancellor's fiscal black hole is lawmakers on public money", () => {
  expect(firedAngles('Chancellor faces £30bn black hole as growth forecast is cut', NINE).map((f) => f.angle.label)).toContain(
    'lawmakers on public money',
  );
});

test('money between parents and children is family life, money the household pays out stays business', async () => {
  const [family, bill] = await top('Should you pay your kids for good exam results?', 'What the rate cut means for your mortgage and savings');
  expect(family!.id).toBe('lifestyle');
  expect(bill!.id).toBe('business');
});

test("a household's own money choice is the lifestyle pages'; money news explained to the reader stays business", async () => {
  const [choice, news] = await top(
    'Should we pay off the mortgage early or keep our savings?',
    'What the rate cut means for your mortgage repayments',
  );
  expect(choice!.id).toBe('lifestyle');
  expect(choice!.reason).toContain("angle: a household's own money (we + mortgage)");
  expect(news!.id).toBe('business');
  expect(news!.reason).toContain('angle: money explained to the reader');
});

test("a minister or the government deciding is politics whatever the subject; a named foreign government is not", async () => {
  const [minister, government, foreign] = await top(
    'Culture secretary promises to cap resale prices of concert tickets',
    'Government to ban energy drinks for under-16s',
    'Dutch government to ban energy drinks for under-16s',
  );
  expect(minister!.id).toBe('politics');
  expect(minister!.reason).toContain("angle: a minister's decision (secretary + promises)");
  expect(government!.id).toBe('politics');
  expect(government!.reason).toContain('angle: government decides (government + ban)');
  expect(foreign!.id).not.toBe('politics');
  expect(firedAngles('Dutch government to ban energy drinks for under-16s', NINE).map((f) => f.angle.label)).not.toContain('government decides');
});

test("a firm's figures, its leaders and an economy abroad are business, whatever the firm sells or where", async () => {
  const [shares, founder, economy] = await top(
    "Streaming service's shares jump as subscribers return",
    'Toy maker founder steps down after 40 years',
    "Indonesia's economy grows faster than expected",
  );
  expect(shares!.id).toBe('business');
  expect(shares!.reason).toContain("angle: a firm's figures (shares jump + jump)");
  expect(founder!.id).toBe('business');
  expect(founder!.reason).toContain("angle: a firm's leaders (founder + steps down)");
  expect(economy!.id).toBe('business');
  expect(economy!.reason).toContain('angle: an economy abroad (economy + indonesia)');
  // "Share" and "earned" count other things than a firm's.
  expect(firedAngles('The share of adults who smoke rose again', NINE)).toEqual([]);
  expect(firedAngles('The series earned a record 23 nominations', NINE)).toEqual([]);
});

test('advice on raising children is family advice, filed under lifestyle', async () => {
  const [result] = await top('How to help a shy seven-year-old make friends at school');
  expect(result!.id).toBe('lifestyle');
  expect(result!.reason).toContain('angle: family advice');
});

test('a word whose stem is a stop word does not match that stop word ("innings" is not "in")', () => {
  expect(firedAngles('Investors pile in as the rally spreads', NINE).map((f) => f.angle.label)).not.toContain('the business of sport');
  expect(firedAngles('Investors pile into cricket as innings get shorter', NINE).map((f) => f.angle.label)).toContain('the business of sport');
});

test('a firm closing plants abroad is business; a fire at a factory abroad stays world', async () => {
  const [plants] = await top('Carmaker to close two plants in Mexico as demand slows');
  expect(plants!.id).toBe('business');
  expect(firedAngles('Carmaker to close two plants in Mexico as demand slows', NINE).map((f) => f.angle.label)).toContain('a firm abroad');
  expect(firedAngles('Fire at a factory in Bangladesh kills 20 workers', NINE).map((f) => f.angle.label)).not.toContain('a firm abroad');
});

test('a walkout over pay by any trade is a labour dispute, filed under business; an air strike is none', async () => {
  const [handlers] = await top('Baggage handlers vote to strike over pay');
  expect(handlers!.id).toBe('business');
  expect(handlers!.reason).toContain('angle: a labour dispute (strike + vote)');
  expect(firedAngles('Air strike kills workers at a factory', NINE).map((f) => f.angle.label)).not.toContain('a labour dispute');
});

test('a fashion chain going public and prices that shoppers face are business; a festival\'s price rise is not', async () => {
  const [listing, prices] = await top('Fashion retailer Zara files for New York IPO', 'Shoppers face higher prices for cheese and coffee');
  expect(listing!.id).toBe('business');
  expect(prices!.id).toBe('business');
  expect(prices!.reason).toContain('angle: prices for shoppers');
  expect(firedAngles('Festival sells out within the hour despite price rise', NINE).map((f) => f.angle.label)).not.toContain('prices for shoppers');
});

test("what another desk's own body decides, or a doctors' strike, stays that desk's though a minister or the government is named", async () => {
  const [strike, ambulance, service, regulator, research] = await top(
    'Junior doctors to strike again after health secretary rejects pay demand',
    'Ambulance staff strike after health minister rejects offer',
    'NHS England scraps four-hour A&E target as government review ends',
    'General Medical Council bans doctor over vaccine claims',
    'Science minister announces £500m research funding for quantum computing',
  );
  expect(strike!.id).toBe('health');
  expect(ambulance!.id).toBe('health');
  expect(ambulance!.reason).toContain('angle: health workers on strike');
  expect(service!.id).toBe('health');
  expect(regulator!.id).toBe('health');
  expect(research!.id).toBe('science');
  // A central bank's governor and a takeover's opposition are no government.
  expect(firedAngles('Bank of England governor warns rates will be cut slowly', NINE)).toEqual([]);
  expect(firedAngles('Takeover plan faces opposition as board rejects bid', NINE).map((f) => f.angle.label)).not.toContain('government decides');
});

test("a health service's chief leaving is no firm's leader; a weight-loss drug, a heart attack or an administration is no business of sport", async () => {
  const [chief, athletes] = await top(
    'NHS England chief executive steps down after three years',
    "Trump administration bars transgender athletes from women's sports",
  );
  expect(chief!.id).toBe('health');
  expect(athletes!.id).toBe('sports');
  const labels = (text: string) => firedAngles(text, NINE).map((f) => f.angle.label);
  expect(labels('Weight-loss drug cuts risk of heart attack by a fifth')).not.toContain('the business of sport');
  expect(labels('Football club put into administration after owner walks away')).toContain('the business of sport');
  expect(labels('Cod stocks fall to record low in North Sea')).not.toContain("a firm's figures");
  expect(labels('Youth unemployment fuels unrest in Tunisia')).not.toContain('an economy abroad');
});

test('inside a longer phrase two stop words are no cue ("of the" in "man of the match")', () => {
  expect(firedAngles('Ministers announce crackdown on second-home owners: the cost of the scheme', NINE).map((f) => f.angle.label)).not.toContain(
    'the business of sport',
  );
});

test('a labour ward and a kitchen cabinet are no government deciding; Labour and the cabinet are', () => {
  const labels = (text: string) => firedAngles(text, NINE).map((f) => f.angle.label);
  expect(labels('Hospital plans to close labour ward at night')).not.toContain('government decides');
  expect(labels('How to plan a kitchen cabinet makeover on a budget')).not.toContain('government decides');
  expect(labels('Labour plans to scrap tuition fees')).toContain('government decides');
  expect(labels('Cabinet approves plan to cut net migration')).toContain('government decides');
});

test('food a recall or an outbreak names goes to health, though a supermarket is named; a recall of vehicles or food prices stay put', async () => {
  const [salmon, peanuts, trucks, prices] = await top(
    'Aldi recalls smoked salmon over listeria fears',
    'Undeclared peanuts in supermarket flapjacks prompt warning',
    'Ford recalls 200,000 trucks over brake fault',
    'Supermarket chicken prices rise 10% as feed costs climb',
  );
  expect(salmon!.id).toBe('health');
  expect(salmon!.reason).toContain('angle: unsafe food (recalls + smoked salmon)');
  expect(peanuts!.id).toBe('health');
  expect(trucks!.id).toBe('business');
  expect(prices!.id).toBe('business');
});

test("a council closing its libraries goes to politics; a library's own news stays with the arts", async () => {
  const [story] = await setUp().classify([
    headline(
      'Libraries to open four days a week under county council cuts',
      { summary: 'The council said the change would save £600,000 and readers would lose Saturday opening.' },
    ),
  ]);
  const [ratepayers, archive] = await top('Ratepayers to have say on closing two branch libraries', "Novelist's archive goes on show at the British Library");
  expect(story![0]!.id).toBe('politics');
  expect(ratepayers!.id).toBe('politics');
  expect(ratepayers!.reason).toContain("angle: a council's services (ratepayers + branch libraries)");
  expect(archive!.id).toBe('entertainment');
});

test("a climate law a country's own legislature or capital passes goes to politics; its other votes stay world", async () => {
  const [dail, wellington, army, licensing] = await top(
    'Dáil passes climate bill setting tougher peat targets',
    'Wellington scraps methane levy on farms in law change',
    'Bundestag votes to extend army service',
    "Brazil's Congress overrides veto on environmental licensing",
  );
  expect(dail!.id).toBe('politics');
  expect(wellington!.id).toBe('politics');
  expect(wellington!.reason).toContain('angle: a climate law anywhere (methane + wellington)');
  expect(army!.id).toBe('world');
  expect(licensing!.id).toBe('world');
});

test("a club's sale before its league or its fans goes to sports; a stake sold or a loss posted stays business", async () => {
  const [approval, fans, stake, loss] = await top(
    'Leeds takeover by US investors wins EFL approval',
    'Derby County owner plans share scheme for supporters',
    'Liverpool owners sell minority stake to US investment firm',
    'Championship club posts record pre-tax loss',
  );
  expect(approval!.id).toBe('sports');
  expect(approval!.reason).toContain("angle: a club's owners before its league or fans (leeds + takeover)");
  expect(fans!.id).toBe('sports');
  expect(stake!.id).toBe('business');
  expect(loss!.id).toBe('business');
});

test("advice on a household's own money in the service form goes to lifestyle; money news explained to the reader stays business", async () => {
  const [fund, mortgage, energy] = await top(
    'How to build an emergency fund when money is tight',
    'What the rate rise means for your mortgage',
    'How to cut your energy bill as the price cap rises in April',
  );
  expect(fund!.id).toBe('lifestyle');
  expect(fund!.reason).toContain("angle: a household's own money (how to + emergency fund)");
  expect(mortgage!.id).toBe('business');
  expect(energy!.id).toBe('business');
});

test('a disease traced or detected in wild animals goes to science; a human case stays health', async () => {
  const [reindeer, rabbits, human] = await top(
    'Chronic wasting disease detected in Norwegian reindeer',
    'Rabbit virus strain mapped across New South Wales',
    'Bird flu: first human case in dairy worker confirmed',
  );
  expect(reindeer!.id).toBe('science');
  expect(reindeer!.reason).toContain('angle: animal research (reindeer + detected)');
  expect(rabbits!.id).toBe('science');
  expect(human!.id).toBe('health');
});

test("radiographers walking out are the health desk's, a cabinet handing libraries to volunteers politics, and a net zero law at Stormont politics", async () => {
  const [radiographers, handlers, libraries, stormont] = await top(
    'Radiographers vote to walk out over pay',
    'Baggage handlers vote to strike over pay',
    'Cabinet approves plan to hand six libraries to volunteers',
    'Stormont passes net zero law at last',
  );
  expect(radiographers!.id).toBe('health');
  expect(handlers!.id).toBe('business');
  expect(libraries!.id).toBe('politics');
  expect(stormont!.id).toBe('politics');
});

test("workers downing tools or planning stoppages go to business whatever their workplace's words; the workplace's own news stays put", async () => {
  const [bakery, brewery, taproom] = await top(
    'Bakery workers at Greggs depot down tools over rosters',
    'Brewery staff plan Christmas stoppages over pay',
    'Brewery opens new taproom in time for Christmas',
  );
  expect(bakery!.id).toBe('business');
  expect(bakery!.reason).toContain('angle: a labour dispute (down tools + workers)');
  expect(brewery!.id).toBe('business');
  expect(taproom!.id).toBe('lifestyle');
});

test('a food recalled over a toxin is health even with no other word the vocabulary knows; a car recall stays business', async () => {
  const [mussels, cars] = await top('Mussels recalled over toxin fears', 'Toyota recalls 1m cars over airbag fault');
  expect(mussels!.id).toBe('health');
  expect(cars!.id).toBe('business');
});

test('"without freezing" is no price freeze: advice on cutting the energy bill goes to lifestyle, a price freeze explained stays business', async () => {
  const [advice, news] = await top('How to cut your energy bill without freezing this winter', 'What the energy price freeze means for your bill');
  expect(advice!.id).toBe('lifestyle');
  expect(news!.id).toBe('business');
});

test("an AI's analysis of animals and a science agency's job cuts go to science; an AI tool and a miner's job cuts stay put", async () => {
  const [whales, csiro, tool, miner] = await top(
    'Sperm whales have an alphabet, AI analysis shows',
    'CSIRO to cut 200 research jobs as funding dries up',
    'AI tool writes code twice as fast, analysis shows',
    'Mining firm to cut 500 jobs as iron ore price falls',
  );
  expect(whales!.id).toBe('science');
  expect(whales!.reason).toContain('angle: animal research (whales + analysis)');
  expect(csiro!.id).toBe('science');
  expect(tool!.id).toBe('technology');
  expect(miner!.id).toBe('business');
});
