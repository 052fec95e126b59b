// Angles: how a news desk files a story by what it is about rather than by its surface words.
// A naive Bayes classifier adds up words one by one, so "koalas" + "vaccine" + "trial" reads as
// health, and "heatwave" + "India" as science; a desk files the first under science (animal
// research) and the second under world (weather abroad). An angle fires when a text has both a
// subject word and a frame word of one kind; while it fires, the evidence of some categories
// counts for the angle's category as well (naive-bayes.ts takes, per word, the larger of the two
// counts), so the words still speak, but for the section a desk would choose. Angles are general
// kinds of story, listed once here, and each names the words that made it fire for `explain`.

import { STARTER_VOCABULARY } from './starter-vocabulary.js';
import { stemmedWords, type StemmedWord } from './tokenize.js';
import { STOP_WORDS } from './stop-words.js';

export interface Angle {
  /** Shown in the reason: "animal research". */
  label: string;
  /** The category the angle files the story under. */
  category: string;
  /** Categories whose evidence counts for `category` while the angle fires. */
  from: readonly string[];
  /**
   * Such stories honestly belong to two sections (a climate rule: science, and politics or
   * business or world by its words): the section the words alone choose, one of `from`, is kept
   * second when close.
   */
  dual?: boolean;
  subject: MatchSet;
  frame: MatchSet;
  /** Words that say the story is of another kind after all: with one of them the angle does not fire. */
  unless?: MatchSet;
  /** Words the story must also have, besides a subject and a frame word, for the angle to fire. */
  needs?: MatchSet;
}

export interface FiredAngle {
  angle: Angle;
  /** The subject and frame words found, as written. */
  words: [string, string];
}

/** Stems and stem pairs of a comma-separated list, matched against a text's content words. */
interface MatchSet {
  stems: Set<string>;
  pairs: Set<string>;
}

const ANIMALS = `animal, animals, dog, dogs, puppies, cat, cats, horse, horses, cattle, cow, cows, dairy herds,
  pig, pigs, sheep, goat, goats, chicken, chickens, hens, poultry, koala, koalas, kangaroo, bee, bees, bumblebees,
  honeybee, honeybees, wasp, ant, ants, whale, whales, dolphin, dolphins, octopus, octopuses, squid, shark, sharks, fish, salmon, coral,
  elephant, elephants, chimpanzee, chimpanzees, gorilla, orangutan, monkey, monkeys, ape, apes, crow, crows,
  parrot, parrots, bird, birds, songbirds, owl, owls, penguin, penguins, bat, bats, rat, rats, mice, mouse,
  frog, frogs, snake, snakes, lizard, turtle, turtles, tortoise, wolf, wolves, fox, foxes, bear, bears, deer,
  lion, lions, tiger, tigers, badger, badgers, hedgehog, squirrel, seal, seals, otter, beaver, butterfly,
  butterflies, moth, insects, spider, spiders, worms, livestock, wildlife, pets, mosquito, mosquitoes, ferret, ferrets,
  calves, calf, greyhound, greyhounds, moose, elk, reindeer, caribou, tasmanian devil, tasmanian devils, kakapo, rabbit,
  rabbits, hare, hares, platypus, wombat, wombats, possum, possums, camel, camels, seal pups, sea lions`;

const RESEARCH = `study, studies, researchers, research, scientists, scientist, trial, trials, vet, vets, veterinary, veterinarian, university, journal, experiment,
  experiments, recorded, recordings, learn, learned, recognise, recognize, tracked, genome, vaccine, evolved, cloned, cloning,
  behaviour, behavior, cognition, intelligence, lab, laboratory, traced, mapped, new strain, detected, analysis`;

/** Countries, regions, their people and their big cities, outside the US and the UK. */
const ABROAD = `abroad, overseas, africa, african, asia, asian, europe, european, latin america, middle east,
  caribbean, pacific, south america, southeast asia, south asia, central asia, sahel, balkans, scandinavia,
  afghanistan, afghan, albania, algeria, angola, argentina, armenia, australia, australian, austria, azerbaijan,
  bangladesh, belarus, belgium, bolivia, bosnia, brazil, brazilian, bulgaria, burkina faso, cambodia, cameroon,
  canada, canadian, chile, chilean, china, chinese, colombia, congo, costa rica, croatia, cuba, cyprus,
  czech, denmark, ecuador, egypt, egyptian, el salvador, eritrea, ethiopia, fiji, finland, france, french,
  germany, german, ghana, greece, greek, guatemala, haiti, honduras, hungary, iceland, icelandic,
  india, indian, indonesia, indonesian, iran, iranian, iraq, ireland, israel, israeli, italy, italian,
  jamaica, japan, japanese, kazakhstan, kenya, kenyan, kosovo, kyrgyzstan, laos, lebanon, libya,
  madagascar, malawi, malaysia, mali, mexico, mexican, moldova, mongolia, morocco, moroccan, mozambique,
  myanmar, nepal, nepalese, netherlands, dutch, new zealand, nicaragua, niger, nigeria, nigerian,
  north korea, norway, pakistan, pakistani, panama, papua new guinea, paraguay, peru, peruvian, philippines,
  filipino, poland, polish, portugal, portuguese, romania, russia, russian, rwanda, saudi arabia, saudi,
  senegal, serbia, singapore, somalia, south africa, south korea, south korean, spain, spanish, sri lanka,
  sudan, sweden, swedish, switzerland, swiss, syria, taiwan, tajikistan, tanzania, thailand, thai, tonga,
  tunisia, turkey, turkish, uganda, ukraine, ukrainian, uruguay, uzbekistan, venezuela, vietnam, vietnamese,
  yemen, zambia, zimbabwe, greenland, antarctica, himalayas, alps, andes, amazon, sahara, siberia,
  delhi, mumbai, beijing, shanghai, tokyo, seoul, manila, jakarta, bangkok, hanoi, karachi, lahore, dhaka,
  kabul, tehran, baghdad, cairo, lagos, nairobi, johannesburg, cape town, kinshasa, khartoum, paris, berlin,
  madrid, rome, athens, lisbon, moscow, kyiv, istanbul, ankara, sydney, melbourne, queensland, toronto,
  vancouver, montreal, british columbia, mexico city, sao paulo, rio, buenos aires, lima, bogota, santiago,
  caracas, havana, tbilisi, hong kong, cebu, valencia, bali, sicily, bavaria, kashmir, punjab, gaza, hajj, mecca,
  assam, kerala, bihar, uttar pradesh, gujarat, himachal pradesh, uttarakhand, tamil nadu, sindh, balochistan,
  sichuan, guangdong, yunnan, henan, gansu, okinawa, hokkaido, kyushu, sumatra, java, borneo, sulawesi,
  mindanao, luzon, tuscany, catalonia, andalusia, crete, rhodes, canary islands, tenerife, madeira, provence,
  alberta, patagonia, iberia, iberian`;

const DISASTERS = `earthquake, earthquakes, quake, tremor, tsunami, flood, floods, flooding, floodwaters,
  flash floods, landslide, landslides, mudslide, mudslides, avalanche, snowstorm, snowstorms,
  blizzard, typhoon, cyclone, hurricane, tornado, monsoon, heatwave, heatwaves, heat, temperatures, drought,
  wildfire, wildfires, bushfire, bushfires, forest fires, rainfall,
  torrential rain, hailstorm, hail, hailstones, cholera, famine, dam, volcano, volcanic, eruption, erupts, erupted, ash cloud,
  rains, heavy rain, extreme weather, record heat`;

/** US and UK political actors: what they say about foreign affairs is domestic politics. */
const DOMESTIC_POLITICIANS = `trump, biden, harris, vance, obama, rubio, hegseth, pelosi, schumer, mcconnell,
  desantis, newsom, white house, senate, senator, senators, congress, congressional, republicans, democrats,
  gop, starmer, sunak, reeves, lammy, badenoch, farage, downing street, westminster, labour, tory, tories,
  mps, foreign secretary, defence secretary, defense secretary, secretary of state, house speaker, uk government,
  british government, home office, foreign office, home secretary, ministry of defence, no 10, number 10, whitehall,
  pentagon, state department, shadow foreign secretary, commons`;

const STATEMENTS = `says, said, claims, claimed, warns, warned, vows, vowed, tells, told, accuses, accused,
  defends, defended, insists, pledges, urges, criticises, criticizes, threatens, calls, dismisses, demand,
  demands, rules out, promises, boasts, attacks, slams, praises, summons, summoned, condemns, condemned,
  welcomes, meets, hosts, sends, send, deploy, deploys, deployment, sanctions, imposes, recognise, recognises, recognize,
  recognizes, recognition, suspends, expels, deport, deports, deportation, deal, agreement, signs, backs, blocks`;

/** What governments, parliaments and voters do: abroad, a desk's world beat. */
const POLITICS_FRAMES = `election, elections, elects, elected, vote, votes, voters, ballot, polls, referendum, parliament,
  parliamentary, lawmakers, prime minister, president, presidential, government, coalition, cabinet, ruling party,
  opposition, opposition leader, impeached, impeachment, resigns, resignation, sworn in, snap election, no-confidence,
  confidence vote, far-right, far right, centre-right, centre-left, protesters, protests, constitutional court`;

/**
 * Legislatures, named by their country ("Peru's Congress", "Colombian senate", "the Knesset"):
 * the same word at home is domestic politics, so only a country's word right before it, or a
 * legislature's own name, makes it foreign.
 */
const LEGISLATURES = `congress, senate, parliament, legislature, lawmakers, legislators, assembly, mps, deputies, senators`;
const FOREIGN_LEGISLATURES = `knesset, bundestag, bundesrat, duma, lok sabha, rajya sabha, european parliament, sejm, riksdag,
  storting, folketing, dail, oireachtas, verkhovna rada, rada, majlis`;
/** Peoples of ABROAD's countries whose word is not already there, as they name a legislature. */
const DEMONYMS = `colombian, venezuelan, argentine, argentinian, bolivian, ecuadorian, guatemalan, haitian, cuban,
  nepali, bangladeshi, malaysian, singaporean, taiwanese, korean, korea, mongolian, serbian, hungarian, romanian,
  bulgarian, slovak, slovakia, slovenia, slovenian, latvia, latvian, lithuania, lithuanian, estonia, estonian,
  finnish, norwegian, danish, belgian, austrian, irish, lebanese, syrian, iraqi, ethiopian, somali, sudanese,
  ghanaian, ugandan, zimbabwean, tunisian, algerian, libyan, armenian, azerbaijani, moldovan, kosovan, albanian,
  macedonian, montenegro, croatian, bosnian, cypriot, maltese, malta, icelandic, luxembourg, sri lankan, georgian`;

/** Each one-word place of ABROAD and each people before each legislature word, as pairs. */
function legislaturesAbroad(): string {
  const places = [...ABROAD.split(','), ...DEMONYMS.split(',')].map((entry) => entry.trim()).filter((entry) => entry && !/\s/.test(entry));
  const houses = LEGISLATURES.split(',').map((entry) => entry.trim());
  return [FOREIGN_LEGISLATURES, ...places.flatMap((place) => houses.map((house) => `${place} ${house}`))].join(', ');
}

/** What a legislature does. */
const LEGISLATIVE_ACTS = `vote, votes, voted, passes, passed, approves, approved, rejects, rejected, overrides, override,
  removes, removed, ousts, ousted, impeach, impeaches, impeachment, dissolve, dissolves, dissolved, elects, elected,
  bill, law, laws, reform, veto, budget, opens, session, motion, confidence, debate, sworn, speaker, president,
  prime minister, government, election, amendment, constitution, ratifies, ratified, backs, blocks, suspends`;

/** Places at home that ABROAD's words would otherwise claim ("Ireland" in "Northern Ireland"). */
const AT_HOME = `northern ireland, stormont`;

/** What scientists found about a place's weather or land: climate science, the science desk's. */
const FINDINGS = `study, studies, scientists, researchers, tipping point, satellite data, climate models`;

/** Events a desk other than world covers wherever they are played. */
const EVENTS_PLAYED = `match, concert, gig, tournament, grand prix, play suspended, washed out, fixture`;

/** The measures against warming themselves, by their own names. */
const CLIMATE_MEASURES = `climate, climate change, emissions, methane, carbon, net zero, greenhouse gases, clean electricity,
  green hydrogen, renewable energy, global warming`;

/** The climate and the environment: the measures, and what they protect. */
const CLIMATE = `${CLIMATE_MEASURES}, carbon dioxide, greenhouse, renewable, carbon capture, high seas,
  deep-sea mining, biodiversity, pollution, plastic pollution, plastics, environmental, environment, deforestation,
  wildlife protection, endangered species`;

const SCIENCE = `science, scientific, research ship, research funding, research grants, research jobs,
  nasa, nih, noaa, csiro, space agency, science agency, research councils, research council, university research,
  scientists`;

const POLICY = `rule, rules, law, laws, regulation, regulations, regulator, target, targets, ban, plan, plans,
  policy, budget, budgets, funding, grants, cuts, cut, government, agency, epa, treaty, talks, deal,
  agreement, court, congress, parliament, minister, administration, repeal, scraps, approves, approved, orders,
  finalises, finalizes, pledge, summit, un, countries, eu, lawmakers, bill`;

/** Attacks on computers and the failures of systems, whoever they hit: a desk's technology beat. */
const CYBER = `ransomware, cyber attack, cyberattack, cyber attacks, cyber-attack, hackers, hacker, hacked, hack,
  malware, data breach, phishing, it systems, it outage, computer systems, systems outage, cyber security,
  cybersecurity, ddos, spyware, cyber incident, criminal forum, hacking forum, dark web, data scraped, scraped data, data scraping,
  web scraping, personal data, customer data, stolen data, data leak, crypto exchange, crypto wallets`;

const CYBER_FRAMES = `attack, attacks, disrupts, disrupted, disruption, hit, hits, shuts, shut, down, outage, stolen,
  steal, stole, leak, leaked, breach, exposed, systems, data, customers, patients, encrypted, ransom, targeted, target,
  records, sold, accounts, users, members, loses, lost, drained, hijacked, wallets`;

/** Systems people rely on failing, whatever their owner's trade: a desk's technology beat. */
const SYSTEMS = `internet, website, websites, site, booking site, app, apps, online, online banking, it systems, computer systems, systems,
  payment systems, card payments, card machines, self-checkout, checkouts, tills, servers, cloud, software,
  broadband, mobile network, phone network, email, check-in, information technology, technology systems,
  mobile signal, phone signal`;

const FAILURES = `outage, outages, goes down, went down, go down, down, crash, crashed, crashes, glitch, glitches,
  faulty, offline, slows, slowed, disrupted, disruption, restored, not loading, bug, fault, failure, failures,
  locked out`;

/**
 * Tech companies and platforms: what regulators, courts and lawmakers do to them is a desk's
 * technology beat, though its words (a fine, a ruling, a market) read as business or politics.
 */
const TECH_PLATFORMS = `google, alphabet, apple, meta, facebook, instagram, whatsapp, tiktok, bytedance, youtube,
  snapchat, reddit, microsoft, openai, chatgpt, anthropic, nvidia, qualcomm, twitter, telegram, app store,
  play store, big tech, tech giant, tech giants, tech firms, tech companies, tech company, search engine,
  chatbot, chatbots, ai, artificial intelligence, ai firm, ai firms, ai company, ai companies, cloud market,
  cloud computing`;

const TECH_RULES = `antitrust, competition, monopoly, dominance, regulator, regulators, watchdog, fine, fined,
  fines, sue, sues, sued, lawsuit, lawsuits, judge, court, ruling, probe, inquiry, investigation, settle,
  settles, settlement, penalty, ftc, doj, ofcom, cma, eu, european commission, brussels, digital markets act,
  online safety act, privacy, age checks, age verification, copyright, pirated, piracy`;

/** Devices people buy: a review, a test or a deal on one is a desk's technology beat. */
const GADGETS = `phone, phones, smartphone, smartphones, iphone, pixel, samsung galaxy, galaxy phone, laptop, laptops,
  macbook, tablet, ipad, earbuds, headphones, headset, smartwatch, apple watch, pixel watch, galaxy watch, e-reader,
  kindle, router, smart speaker, smart tv, charger, power bank, robot vacuum, gadget, gadgets, foldable,
  smart glasses, smart ring, wearable, chromebook, keyboard, webcam, printer`;

const GADGET_FRAMES = `review, reviewed, hands-on, we tested, we tried, best, buying, buy, worth, upgrade, versus, deal,
  deals, cheapest, budget, battery life, verdict, first look, lasts, compared, comparison, price drop, lowest price`;

/** Those who care for patients: their strikes and pay disputes are a desk's health beat. */
const CARERS = `nurses, nurse, doctors, junior doctors, resident doctors, consultants, gps, midwives, paramedics,
  ambulance workers, ambulance staff, nhs staff, health workers, healthcare workers, care workers, hospital staff,
  pharmacists, radiographers, physiotherapists, hospital porters, porters, healthcare assistants`;

const WALKOUTS = `strike, strikes, striking, walkout, walk out, industrial action, pay offer, pay dispute, pay deal,
  pay rise, ballot, picket, picket lines`;

/** Politicians and legislatures: what they decide about taxes, wages and spending is politics first. */
const LAWMAKERS = `chancellor, governor, senate, senators, congress, house republicans, house democrats, republicans,
  democrats, lawmakers, legislators, mps, parliament, ministers, house speaker, speaker, white house,
  downing street, prime minister, ballot measure, state legislature, council, councils, city council, county council`;

const PUBLIC_MONEY = `budget, tax, taxes, duty, minimum wage, spending, funding, shutdown, veto, vetoes, vetoed,
  welfare, benefits, stopgap, debt ceiling, tariff, tariffs, pension, pensions, income tax, tax rise, tax cuts,
  black hole, borrowing, fiscal rules, headroom`;

/** Films, albums, books and shows: a work about a sport, an illness or a war is the arts desk's. */
const WORKS = `film, films, movie, movies, documentary, biopic, sitcom, musical, album, novel, memoir, podcast,
  tv series, drama series, stage play, miniseries, animated, screenplay`;

const WORK_FRAMES = `about, based on, inspired by, adaptation, adapted, premiere, premieres, festival, trailer, starring,
  stars, cast, director, directed, review, reviewed, oscar, oscars, bafta, emmy, emmys, golden globe, cannes,
  venice, sundance, top prize, box office, streaming`;

/** Performers: what happens to them (an illness, a court case, a wedding) is celebrity news. */
const PERFORMERS = `actor, actors, actress, singer, singers, rapper, pop star, popstar, comedian, tv presenter,
  presenter, hollywood star, film star, movie star, musician, celebrity, celebrities, oscar winning, grammy winning,
  oscar winner, frontman, reality star, talk show host`;

const LIFE_EVENTS = `reveals, diagnosis, diagnosed, dies, died, death, hospital, hospitalised, hospitalized, cancer,
  stroke, illness, rehab, divorce, wedding, married, engaged, baby, pregnant, arrested, charged, sentenced, jailed,
  sued, lawsuit, trial, funeral, tribute, tributes, health, surgery, recovering`;

/**
 * Tech firms, and the AI and robots they sell, at work: their hiring, cuts and funding are a desk's
 * technology beat; their shares, results and takeovers (one firm buying another) stay business.
 */
const TECH_FIRMS = `google, alphabet, apple, meta, microsoft, openai, anthropic, nvidia, intel, amd, arm, ibm,
  qualcomm, salesforce, oracle, mozilla, tiktok, bytedance, tech firm, tech firms, tech company, tech companies,
  tech giant, tech giants, ai firm, ai firms, ai startup, tech startup, chipmaker, chip designer, software maker,
  ai, artificial intelligence, robots, automation`;

const COMPANY_MOVES = `jobs, staff, layoffs, lay off, cut jobs, workforce, hires, hiring, rehires, replace, replaces,
  humans, customer service, raises, funding, valued, valuation, spins off, spin off`;

/** A firm's shares and results: markets news, the business desk's, whatever the firm. */
const MARKETS = `shares, share price, share sale, stock, stocks, shareholders, investors, earnings, quarterly,
  revenue, profit, profits, results, market value, wall street, nasdaq`;

/** Money news addressed to the reader ("what it means for your pay") is personal finance. */
const READERS_MONEY = `your, you, households, savers, homeowners`;

/**
 * What makes money addressed to the reader news, the business pages' personal finance: a change
 * of rates, prices or rules that the story explains ("what the rate cut means for your savings",
 * "your energy bill as the price cap rises", "savers warned"), or payers named as a group. Without
 * one, "your savings" or "our pensions" is a household's own choice (is it worth moving them,
 * should we overpay), which the lifestyle pages answer; "now" ties advice to the market's moment
 * ("is it worth fixing your mortgage now?"). Rises and falls are left out: their stems are the
 * household's own words too ("without falling out with your landlord"), and a freeze counts only
 * as a price's or a threshold's: "freezing" in a cold house is the same stem.
 */
const MONEY_NEWS = `means, mean, hike, hikes, increase, increases, rate cut,
  rate rise, price cap, warned, warns, warning, budget, chancellor, april, new rules, scrapped, price freeze, rent freeze,
  pay freeze, tax freeze, duty freeze, thresholds frozen, frozen thresholds, allowance frozen, allowances frozen, now,
  households, savers, homeowners, borrowers, first-time buyers, renters, tenants, pensioners`;

/** The household's own voice: second person, a couple or family asking ("should we ... our pensions"), a first person telling ("how I saved"). */
const HOUSEHOLD_VOICE = `you, your, yourself, we, our, i, me, my`;

/** What a household keeps, owes and pays out of its own budget. */
const HOUSEHOLD_BUDGET = `bill, bills, mortgage, mortgages, remortgage, savings, saving, pension, pensions, rent, isa,
  deposit, money, borrowed, borrow, lend, lent, debt, budget, energy bill, emergency fund, rainy day fund, buy now,
  pay later, credit card, credit cards, overdraft`;

/** What a household pays and keeps: explained to the reader, the personal finance pages of business. */
const HOUSEHOLD_MONEY = `tax, taxes, council tax, bill, bills, prices, pay, mortgage, mortgages, savings, saving, pension,
  pensions, rent, isa, allowance, refund, fees, fares, interest rate, interest rates`;

/**
 * The service voice: a headline that speaks to the reader or in the first person ("how to ...
 * your", "am I being unreasonable?", "what I learned") offers advice on living, the lifestyle
 * pages' work, whatever its subject's words say (golf, a flight upgrade, sea swimming). A first
 * person alone is no voice: news headlines quote leaders and players ("'We should have acted
 * sooner', says Zelensky"), and matchSet reads a three-word entry as its word pairs, so the
 * entries here are one or two words ("need to know" would match every "need to"). Health
 * keeps its own evidence (a condition explained is the health desk's), and money to the reader
 * stays with the business pages (see READERS_MONEY).
 */
const VOICE = `you, your, yourself, how i, what i, am i, should i`;
const SERVICE_FORMS = `how to, ways to, tips, should, what to, guide, beginners, mistake,
  mistakes, unreasonable, wish, advice, ideas, habits, routine, checklist, dilemma`;

/**
 * Sport's clubs, leagues and events as businesses: owners, deals, accounts and rights are the business desk's.
 * A loss, accounts or administration only as a club's books write them: "weight-loss", "accounts for a
 * third of injuries" and "the Trump administration" are none.
 */
const SPORTS_MONEY = `takeover, stake, owner, owners, ownership, investors, backer, backers, revenue, revenues,
  profit, profits, wage bill, tv rights, broadcast rights, media rights, rights deal, sponsorship deal,
  shirt sponsor, valuation, valued, for sale, put up for sale, pre-tax loss, annual loss, record loss, net loss,
  operating loss, losses widen, debts, annual accounts, latest accounts, club accounts, into administration,
  enter administration, enters administration, entered administration, commercial income, broadcast deal,
  tv deal, media deal`;

/**
 * The words that nearly settle sport, its clubs, leagues, events and people: the starter
 * vocabulary's strongest, but for those of play that a markets story uses in their plain sense
 * ("revenue beats expectations", "shares rebound", "a sweep of job cuts"), and "hearts", a club's name
 * whose stem is the body's ("a heart attack").
 */
function sportsNames(): string {
  const play = new Set(
    `match, matches, game, games, goal, goals, scored, scores, scoring, victory, victories, defeat, defeated, beats, beaten,
    final, finals, sprint, par, sweep, swept, rebound, rebounds, assists, passing, traded, singles, brace, rushing,
    punt, power play, break point, set point, match point, relay, medley, freestyle, homer, season opener, opening day,
    hearts`
      .split(',')
      .map((entry) => entry.trim()),
  );
  return (STARTER_VOCABULARY.sports?.strong ?? '')
    .split(',')
    .filter((entry) => !play.has(entry.trim()))
    .join(',');
}

/** The words that nearly settle health: conditions, treatments, the health service. */
function healthNames(): string {
  return STARTER_VOCABULARY.health?.strong ?? '';
}

/**
 * A club's sale as its league, its fans or its members judge it (a league's approval of new owners,
 * a fans' share scheme, members voting on a stake): the governance of sport, the sports desk's.
 */
const CLUB_OWNERSHIP = `takeover, stake, majority stake, sale, owner, owners, ownership, buyout, buyer, investor, investors,
  consortium`;
const CLUB_GOVERNANCE = `approval, approved, approves, governors, fans, supporters, members, egm, supporters trust,
  fit and proper, owners and directors test`;

/** A player's move, a club's punishment or the rights of people are still the sports or world desk's. */
const PLAYERS_AND_PEOPLE = `transfer, signing, loan, striker, midfielder, defender, goalkeeper, human rights,
  fined, charged, breach, breaching, banned, suspends, suspended`;

/**
 * Lawmakers and parties, as a climate measure's actors: their bill, vote or pledge is politics. A
 * measure against warming that a country's own legislature passes (the Dáil's, the Rajya Sabha's)
 * is politics as much as the home one's, and so is one of a capital that stands for its government
 * ("Canberra locks in", "Wellington scraps"): LAWMAKERS_ANYWHERE.
 */
const CLIMATE_LAWMAKERS = `${LEGISLATURES}, commons, holyrood, senedd, msps, governor, tories, tory, labour, conservatives,
  republicans, democrats, greens, lib dems, reform uk, manifesto, elected`;
const LAWMAKERS_ANYWHERE = `${CLIMATE_LAWMAKERS}, ${FOREIGN_LEGISLATURES}, lords, peers, stormont, crossbench, law change,
  final reading, canberra, ottawa, wellington`;

/**
 * Money between partners, parents and children (pocket money, splitting bills) is family life, the
 * lifestyle pages' question, and so is advice on raising them ("how to help an anxious 11-year-old").
 */
const FAMILY = `children, kids, child, couples, couple, partner, partners, husband, wife, teenager, teenagers, boyfriend,
  girlfriend, chores, pocket money, in-laws, grandparents`;

/**
 * What the travel pages offer: a place abroad to visit is their story, not the world desk's. One- and
 * two-word entries only: matchSet reads "where to stay" as "where to" and "to stay" ("vows to stay in
 * office"), and "days in" or "week in" are in every kind of headline.
 */
const TRIPS = `holiday, holidays, city break, city breaks, weekend break, getaway, getaways, itinerary, road trip,
  worth visiting, worth a visit, hidden gems, beaches, best beaches,
  hotel review, boutique hotel, resorts, villas, travel guide, island hopping, sightseeing`;

/** News about a place: then it is the world desk's after all. */
const PLACE_NEWS = `killed, dead, attack, war, troops, strike, strikes, protest, protests, evacuated, stranded, warning,
  warns, ban, bans, tax, government, minister, police, arrested, crash, outbreak`;

/**
 * What makes food unsafe, and a food safety authority's warning or recall: the health desk's story
 * of what people must not eat, though a supermarket or a brand is named ("Tesco recalls nuggets").
 */
const FOOD_SCARES = `recall, recalls, recalled, listeria, listeriosis, salmonella, e. coli, e coli, hepatitis a, norovirus,
  botulism, cronobacter, food poisoning, undeclared, allergen, allergens, toxin, toxins, contaminated, contamination,
  metal fragments, plastic fragments, glass fragments, food safety, food standards, fsa, fsai, cfia, mpi, outbreak`;

/** Food and drink as eaten: what a recall or an outbreak names. */
const FOODS = `food, foods, chicken, nuggets, salmon, smoked salmon, fish, shellfish, oysters, mussels, prawns, meat,
  deli meat, beef, pork, sausages, sausage, polony, ham, burgers, cheese, milk, infant formula, baby food, eggs,
  lettuce, salad, salads, spinach, berries, frozen berries, fruit, vegetables, sandwiches, snack, snacks, cereal,
  flour, chocolate, peanut, peanuts, nuts, biscuits, bread, yoghurt, yogurt, ice cream, juice, sauce, soup,
  ready meals, eating`;

/**
 * Outbreaks among farm animals (bird flu in a flock) and the food of animals are the science or
 * business desk's; a recall of cars or phones names no food.
 */
const NOT_FOOD_SCARES = `farm, farms, flock, flocks, herd, herds, bird flu, avian, pet food, dog food, cat food`;

/**
 * A council's services (its libraries, pools, youth centres): what a council decides about them is
 * local politics, though their words are the arts' or sport's ("six branch libraries to close").
 */
const COUNCILS = `council, councils, councillors, councillor, county council, city council, borough council,
  regional council, district council, local authority, local authorities, ratepayers, municipality, municipal, metro,
  county budget, council budget, cabinet`;
const COUNCIL_SERVICES = `library, libraries, librarians, branch library, branch libraries, mobile library, reading room, leisure centre,
  leisure centres, swimming pool, swimming pools, youth centre, youth centres, bin collections, bin collection,
  public toilets, community centre, community centres`;

/** Human medicine that uses animals (a pig kidney in a patient) is the health desk's. */
const HUMAN_MEDICINE = `patient, patients, transplant, transplants`;

const BOOKS = `library, libraries, librarian, librarians, laureate, literature, literary, book festival,
  reading, readers, books, novel, novels, author, authors, poet, poetry, bookshop, bookshops, publisher`;

const BOOK_FRAMES = `loans, borrowed, shelves, reading, readers, laureate, prize, bestseller, bestselling,
  banned, ban, pull, removed, rewritten, reopens, closes, closure, festival, novel, memoir, trilogy, fiction`;

/**
 * A minister or secretary of a portfolio (the health secretary, the science minister): what one
 * of them decides, promises or defends is politics, whatever the portfolio's subject.
 */
const MINISTERS = `minister, secretary`;

/**
 * Government as an actor at home: its decisions are politics whatever they are about. Not words that
 * name others as often: "peers" (a study's), "opposition" (to a takeover), a lone "coalition" or
 * "assembly" (of scientists; a car plant's line); see also NOT_GOVERNMENT.
 */
const GOVERNMENT = `government, ministers, cabinet, ministry, whitehall, downing street, home office, council, councils,
  city council, county council, coalition government, coalition partners, coalition partner, parliament, mps, lords, prime minister, chancellor, governor,
  mayor, senate, senators, congress, lawmakers, legislators, legislature, state legislature, welsh assembly,
  northern ireland assembly, state assembly, white house, state law, state laws, federal government, labour, tories,
  tory, conservatives, democrats, republicans, opposition leader, opposition parties, opposition party,
  shadow chancellor, shadow cabinet, snp, lib dems, reform uk, green party, spending watchdog, national audit office,
  public accounts committee, select committee`;

/**
 * Other desks' own bodies, and a strike by those who care for patients: a story of what a health
 * service, a medical regulator, a research or space agency, a league or a governing body decides
 * stays its desk's, though a government or a minister is named in it ("NHS England scraps targets
 * the government set", "the Premier League votes on the regulator's plan").
 */
const DESKS_OWN_BODIES = `nhs england, nhs trust, nhs trusts, hospital trust, hospital trusts, health service, health board,
  general medical council, nursing and midwifery council, medicines regulator, mhra, cqc, world health organization,
  ukri, research council, research councils, nasa, nih, esa, space agency, science agency, met office, royal society,
  premier league, efl, football association, uefa, fifa, ioc, olympic committee, governing body, world athletics,
  league, leagues, doctors strike, nurses strike, doctors to strike, nurses to strike, doctors walk out, nurses walk out,
  staff strike, workers strike, paramedics strike, midwives strike, on strike, strike action`;

/**
 * Governors, labour, councils and cabinets that are no government: a central bank's, a market's, a
 * regulator's, a maternity ward's, a kitchen's.
 */
const NOT_GOVERNMENT = `bank of england, central bank, federal reserve, bank governor, labour market, labour shortage,
  labour shortages, labour costs, child labour, forced labour, security council, general medical council,
  arts council, bank of japan, reserve bank, european central bank, imf, labour force, labour ward, labour wards,
  in labour, kitchen cabinet, kitchen cabinets, bathroom cabinet, medicine cabinet, filing cabinet`;

/** What a government, a minister or a parliament does with a matter. */
const DECISIONS = `ban, bans, cap, caps, capped, scrap, scraps, scrapped, approve, approves, approved, promise, promises,
  pledge, pledges, defend, defends, plan, plans, law, laws, legislation, rules, orders, order, announce, announces,
  unveil, unveils, halve, halves, consultation, u-turn, target, targets, tells, vows, blocks, rejects, delays,
  recalled, debate, motion, bring, brings, review, crackdown, overhaul, introduce, introduces, propose, proposes,
  proposal, proposals, vote, votes, voted, passes, passed, launch, launches, reform, reforms, powers, crack down,
  tighten, tightens, restrictions, extends, axe, axes, requires, mandatory, fund, funds, bill, cut, cuts, strikes down,
  grill, grills, grilled, hearing, summons, summoned, testify, inquiry, criticises, criticizes, condemns`;

/** A minister abroad, or the UN's secretary-general, is the world desk's. */
const NOT_AT_HOME = `${ABROAD}, ${DEMONYMS}, secretary general, secretary-general, un, united nations, nato, general secretary`;

/**
 * A government, parliament or minister named by its country ("the Dutch government", "Japan's
 * parliament"): a foreign actor. An actor not so named is the home one, whose decisions are politics
 * even on foreign matters (the home parliament debating a troop deployment), as a domestic leader's
 * words on them are.
 */
function foreignActors(): string {
  const places = [...ABROAD.split(','), ...DEMONYMS.split(',')].map((entry) => entry.trim()).filter((entry) => entry && !/\s/.test(entry));
  // "prime" stands for "prime minister": a pair of the place and the actor's first word ("Spanish prime minister").
  const actors = `${GOVERNMENT}, ${MINISTERS}, president, prime, opposition, coalition, assembly`.split(',').map((entry) => entry.trim()).filter((entry) => entry && !/\s/.test(entry));
  return places.flatMap((place) => actors.map((actor) => `${place} ${actor}`)).join(', ');
}

/**
 * A firm's figures: shares, profits and losses as they move are markets news, whatever the firm's
 * trade. Words that also count other things ("the share of children", "earned 23 nods", "ice
 * loss") count only in the pairs a results story writes ("shares jump", "pre-tax loss").
 */
const FIGURES = `share price, stock price, profit, profits, pre-tax profit, revenue, revenues, market value, turnover,
  net loss, pre-tax loss, annual loss, operating loss, quarterly loss, losses widen, loss widens, losses narrow,
  oil prices, oil price, gas prices, gold price, bond yields, stocks, stock markets, sterling, the pound, the dollar`;

const MOVES = `rise, rises, rose, fall, falls, fell, slip, slips, slipped, jump, jumps, jumped, surge, surges, surged,
  slump, slumps, slumped, soar, soars, soared, tumble, tumbles, tumbled, drop, drops, dropped, dip, dips, beat, beats,
  miss, misses, mount, mounts, widen, widens, widened, narrow, narrows, narrowed, record, plunge, plunges, plunged,
  rally, rallies, rebound, rebounds, double, doubles, doubled, halve, halved, posts, posted, reports, warns, slide, slides,
  triple, triples, tripled, climb, climbs, sink, sinks, hit, hits, spike, spikes`;

/**
 * "Shares" counts only right before a move ("Microsoft shares slip"). Not "sales": a trade's sales
 * falling are its own section's story ("video game sales fall", "smart speaker sales fall").
 */
function sharesMoving(): string {
  return MOVES.split(',').map((move) => `shares ${move.trim()}`).join(', ');
}

/**
 * A walkout over pay, by whatever trade (pilots, baggage handlers, baristas): a labour dispute, the
 * business desk's wherever it is. Those who care for patients keep theirs (see CARERS), and a strike
 * against a government, or one from the air, is no labour dispute.
 */
const WALKOUT_WORDS = `strike, strikes, striking, walkout, walkouts, walk out, industrial action, picket, picket lines,
  down tools, stoppage, stoppages`;
const LABOUR_TERMS = `pay, wages, wage, union, unions, workers, staff, ballot, members, employers, pay offer, pay dispute,
  pay deal, pay rise, conditions, contracts, vote, votes, voted, pilots, crew, drivers, dockworkers, employees, rosters,
  shifts, overtime`;

/** A country's economy, its trade and its central bank: the business desk's, wherever the country is. */
const ECONOMY = `economy, economic growth, gdp, exports, imports, trade surplus, trade deficit, inflation, recession,
  central bank, interest rates, rate cut, rate hike, currency, stock market, factory output, manufacturing,
  consumer spending, unemployment, jobless, yuan, yen, rupee, peso, lira, eurozone`;

/** What a firm does with its plants, jobs and ownership: abroad, still the business desk's. */
const FIRM_ACTS = `factory, factories, plant, plants, carmaker, carmakers, automaker, job cuts, layoffs, jobs, takeover, merger,
  acquires, acquisition, bankruptcy, insolvency, chief executive, ceo, shareholders`;

/** A firm going to the stock market: the business desk's, whatever it sells ("Shein files for London IPO"). */
const LISTINGS = `ipo, flotation, stock market listing, stock market debut, london listing, new york listing`;
const LISTING_FRAMES = `files, filed, plans, seeks, london, new york, nasdaq, debut, valuation, valued, shares, priced`;

/**
 * Prices that shoppers face: the business desk's prices story, whatever is priced ("shoppers face
 * higher prices for butter"). Only with the shoppers named: a festival's ticket price rise or a
 * provider's broadband prices are their own sections' stories.
 */
const PRICES = `prices, price rises, price hikes, price rise, cost of`;
const PRICE_FRAMES = `shoppers, consumers, households`;

/** Bodies with chiefs and founders that are no firms: each desk's own. */
const NOT_FIRMS = `${DESKS_OWN_BODIES}, nhs, hospital, hospitals, trust, charity, charities, festival, museum, gallery,
  theatre, orchestra, opera, band, university, school, church, club, federation, bbc`;

/** A firm's founder or chief leaving or arriving is the business desk's, whatever the firm sells. */
const FIRM_LEADERS = `founder, co-founder, chief executive, ceo, chairman, chairwoman, chief financial officer, cfo`;
const LEADER_MOVES = `step down, steps down, stepping down, quits, quit, ousted, appointed, appoints, names, retire, retires,
  successor, succession, resigns, departure`;

export const ANGLES: readonly Angle[] = [
  {
    label: 'animal research',
    category: 'science',
    // An AI's analysis of whale song is the science desk's finding, not the technology desk's tool.
    from: ['health', 'lifestyle', 'world', 'technology'],
    subject: matchSet(ANIMALS),
    frame: matchSet(RESEARCH),
    unless: matchSet(`${HUMAN_MEDICINE}, ${MINISTERS}`),
  },
  {
    label: 'weather or disaster abroad',
    category: 'world',
    from: ['science', 'lifestyle', 'health', 'sports', 'entertainment'],
    subject: matchSet(ABROAD),
    frame: matchSet(DISASTERS),
    // Weather that stops a match or a show abroad is the sports or arts desk's story, what
    // scientists found about it the science desk's; a storm in Northern Ireland is home news.
    unless: matchSet(`${AT_HOME}, ${EVENTS_PLAYED}, ${FINDINGS}`),
  },
  {
    label: 'domestic leader on foreign affairs',
    category: 'politics',
    from: ['world'],
    subject: matchSet(DOMESTIC_POLITICIANS),
    frame: matchSet(STATEMENTS),
  },
  {
    label: 'politics abroad',
    category: 'world',
    from: ['politics'],
    subject: matchSet(ABROAD),
    frame: matchSet(POLITICS_FRAMES),
    // A vote to strike is a labour dispute, the business desk's wherever it is.
    unless: matchSet(`${DOMESTIC_POLITICIANS}, ${AT_HOME}, pilots, cabin crew, dockworkers, union members, industrial action, pay offer, walkout, airline, airlines`),
  },
  {
    label: 'a legislature abroad',
    category: 'world',
    from: ['politics'],
    subject: matchSet(legislaturesAbroad()),
    frame: matchSet(LEGISLATIVE_ACTS),
    // A climate measure a legislature passes is politics wherever it sits (see 'a climate law
    // anywhere'); its other environmental rules (licensing, forests) stay news from abroad.
    unless: matchSet(`${AT_HOME}, ${CLIMATE_MEASURES}`),
  },
  {
    label: 'lawmakers on climate',
    category: 'politics',
    from: ['science'],
    dual: true,
    subject: matchSet(CLIMATE),
    frame: matchSet(CLIMATE_LAWMAKERS),
  },
  {
    label: 'a climate law anywhere',
    category: 'politics',
    // Its place's words (world) and its levy's (business) speak for the politics of it.
    from: ['science', 'world', 'business'],
    dual: true,
    subject: matchSet(CLIMATE_MEASURES),
    frame: matchSet(LAWMAKERS_ANYWHERE),
  },
  {
    label: 'climate policy',
    category: 'science',
    from: ['politics', 'world', 'business', 'health'],
    dual: true,
    subject: matchSet(CLIMATE),
    frame: matchSet(POLICY),
    // A firm cutting jobs in its low-carbon arm is the business desk's; a minister's climate decision stays here.
    unless: matchSet(`${MARKETS}, ${LAWMAKERS_ANYWHERE}, jobs, job cuts, layoffs`),
  },
  {
    label: 'science policy',
    category: 'science',
    from: ['politics', 'world', 'business', 'health'],
    dual: true,
    subject: matchSet(SCIENCE),
    frame: matchSet(POLICY),
    unless: matchSet(`${MARKETS}, ${MINISTERS}`),
  },
  {
    label: 'cyber attack or outage',
    category: 'technology',
    from: ['health', 'business', 'politics', 'world'],
    dual: true,
    subject: matchSet(CYBER),
    frame: matchSet(CYBER_FRAMES),
    unless: matchSet(MARKETS),
  },
  {
    label: 'systems outage',
    category: 'technology',
    from: ['business', 'world', 'health', 'politics', 'entertainment'],
    dual: true,
    subject: matchSet(SYSTEMS),
    frame: matchSet(FAILURES),
    unless: matchSet(MARKETS),
  },
  {
    label: 'tech platforms and the law',
    category: 'technology',
    from: ['business', 'politics', 'world', 'lifestyle', 'entertainment'],
    dual: true,
    subject: matchSet(TECH_PLATFORMS),
    frame: matchSet(TECH_RULES),
    unless: matchSet(`${MINISTERS}, government`),
  },
  {
    label: 'gadget review',
    category: 'technology',
    from: ['entertainment', 'lifestyle', 'business', 'health'],
    subject: matchSet(GADGETS),
    frame: matchSet(GADGET_FRAMES),
  },
  {
    label: 'tech firms at work',
    category: 'technology',
    from: ['business'],
    dual: true,
    subject: matchSet(TECH_FIRMS),
    frame: matchSet(COMPANY_MOVES),
    unless: matchSet(MARKETS),
  },
  {
    label: 'health workers on strike',
    category: 'health',
    from: ['business', 'politics'],
    subject: matchSet(CARERS),
    frame: matchSet(WALKOUTS),
  },
  {
    label: 'lawmakers on public money',
    category: 'politics',
    from: ['business'],
    dual: true,
    subject: matchSet(LAWMAKERS),
    frame: matchSet(PUBLIC_MONEY),
    unless: matchSet(READERS_MONEY),
  },
  {
    label: 'money explained to the reader',
    category: 'business',
    from: ['politics', 'lifestyle'],
    subject: matchSet(READERS_MONEY),
    frame: matchSet(HOUSEHOLD_MONEY),
    needs: matchSet(MONEY_NEWS),
    unless: matchSet(`${FAMILY}, ${MINISTERS}, government`),
  },
  {
    label: "a household's own money",
    category: 'lifestyle',
    from: ['business', 'politics'],
    // The service form speaks to the household as "you" does ("how to build an emergency fund").
    subject: matchSet(`${HOUSEHOLD_VOICE}, how to, ways to, beginners, guide to`),
    frame: matchSet(HOUSEHOLD_BUDGET),
    // "We will cut your bills", a party's or a minister's promise, is politics.
    unless: matchSet(`${MONEY_NEWS}, ${LAWMAKERS}, ${GOVERNMENT}, ${DOMESTIC_POLITICIANS}, ${MINISTERS}, pledge, pledges, promise, promises, vow, vows`),
  },
  {
    label: "a minister's decision",
    category: 'politics',
    from: ['health', 'science', 'technology', 'business', 'lifestyle', 'entertainment', 'sports', 'world'],
    subject: matchSet(MINISTERS),
    frame: matchSet(DECISIONS),
    // Ministers deciding on the climate stay the science desk's climate policy (see above).
    unless: matchSet(
      `${NOT_AT_HOME}, climate, climate change, emissions, net zero, global warming, carbon, greenhouse, ${DESKS_OWN_BODIES}, research, researchers`,
    ),
  },
  {
    label: 'government decides',
    category: 'politics',
    // Not sport's or the arts' own bodies: a league's vote or an opera house's cuts stay theirs.
    from: ['health', 'technology', 'business', 'lifestyle', 'world'],
    subject: matchSet(GOVERNMENT),
    frame: matchSet(DECISIONS),
    // Government money for research or a climate measure is the science desk's policy story (see
    // above); protests or an election abroad are the world desk's politics abroad.
    unless: matchSet(`${foreignActors()}, ${FOREIGN_LEGISLATURES}, protesters, protests, ruling party, election, elections, referendum, far-right, far right, nato, un, united nations, ${CLIMATE}, ${SCIENCE}, research, ${CYBER}, ${DESKS_OWN_BODIES}, ${NOT_GOVERNMENT}`),
  },
  {
    label: "a firm's figures",
    category: 'business',
    from: ['technology', 'entertainment', 'sports', 'health', 'science', 'lifestyle', 'world'],
    subject: matchSet(`${FIGURES}, ${sharesMoving()}`),
    frame: matchSet(MOVES),
    // Results that the AI boom explains are the technology desk's story of that boom; fish stocks and
    // a ward's staff turnover are no firm's.
    unless: matchSet('ai demand, chip demand, ai boom, fish stocks, cod stocks, stocks of, staff turnover'),
  },
  {
    label: 'a labour dispute',
    category: 'business',
    // A brewery's or a depot's words (lifestyle's, technology's "tools") are the workplace's, not the story's.
    from: ['world', 'politics', 'lifestyle', 'technology'],
    subject: matchSet(WALKOUT_WORDS),
    frame: matchSet(LABOUR_TERMS),
    unless: matchSet(`${CARERS}, teachers, government, protest, protests, general strike, air strike, airstrike, missile, drone, troops, killed, strikes down, struck down`),
  },
  {
    label: 'an economy abroad',
    category: 'business',
    from: ['world'],
    subject: matchSet(ECONOMY),
    frame: matchSet(ABROAD),
    // Curbs on what may be sold abroad are a government's policy, read by the words of what is curbed.
    // Unrest, hunger and refugees that an economy's state brings are the world desk's.
    unless: matchSet(
      'war, troops, killed, sanctions, protests, protesters, election, coup, curbs, export controls, restrictions, unrest, riots, clashes, famine, hunger, refugees',
    ),
  },
  {
    label: 'a firm abroad',
    category: 'business',
    from: ['world'],
    subject: matchSet(FIRM_ACTS),
    frame: matchSet(ABROAD),
    unless: matchSet('war, troops, killed, dead, fire, explosion, sanctions, protests, protesters, election, coup, strike, strikes'),
  },
  {
    label: 'a firm goes public',
    category: 'business',
    from: ['lifestyle', 'technology', 'entertainment', 'sports', 'health'],
    subject: matchSet(LISTINGS),
    frame: matchSet(LISTING_FRAMES),
  },
  {
    label: 'prices for shoppers',
    category: 'business',
    from: ['lifestyle'],
    subject: matchSet(PRICES),
    frame: matchSet(PRICE_FRAMES),
    unless: matchSet(`${HOUSEHOLD_VOICE}, tips, how to, ways to`),
  },
  {
    label: "a firm's leaders",
    category: 'business',
    from: ['technology', 'entertainment', 'health', 'lifestyle', 'world'],
    subject: matchSet(FIRM_LEADERS),
    frame: matchSet(LEADER_MOVES),
    // The head of a health service, a festival, a charity or a club leaves their own desk's story.
    unless: matchSet(NOT_FIRMS),
  },
  {
    label: 'a work about something',
    category: 'entertainment',
    from: ['sports', 'health', 'politics', 'world', 'science', 'business', 'lifestyle'],
    subject: matchSet(WORKS),
    frame: matchSet(WORK_FRAMES),
  },
  {
    label: 'celebrity news',
    category: 'entertainment',
    from: ['health', 'lifestyle', 'politics', 'world', 'business'],
    subject: matchSet(PERFORMERS),
    frame: matchSet(LIFE_EVENTS),
  },
  {
    label: 'advice to the reader',
    category: 'lifestyle',
    from: ['sports', 'entertainment', 'world', 'politics', 'science'],
    subject: matchSet(VOICE),
    frame: matchSet(SERVICE_FORMS),
    unless: matchSet(`${GADGETS}, ${healthNames()}`),
  },
  {
    label: 'family advice',
    category: 'lifestyle',
    from: ['politics', 'health', 'world', 'entertainment', 'science', 'business'],
    subject: matchSet(`${FAMILY}, son, daughter, toddler, toddlers, baby, babies, year-old, parents, teen, teenage`),
    frame: matchSet(SERVICE_FORMS),
    // What a government decides for children, or what a study finds about them, is not advice.
    unless: matchSet(`${GADGETS}, ${healthNames()}, ${MINISTERS}, government, ministers, mps, ban, law, study, studies, researchers, scientists`),
  },
  {
    label: 'the business of sport',
    category: 'business',
    from: ['sports'],
    dual: true,
    subject: matchSet(sportsNames()),
    frame: matchSet(SPORTS_MONEY),
    unless: matchSet(`${PLAYERS_AND_PEOPLE}, ${CLUB_GOVERNANCE}`),
  },
  {
    label: "a club's owners before its league or fans",
    category: 'sports',
    from: ['business'],
    // Words of clubs' own names ("Bolton Wanderers", "Shamrock Rovers") name a club too.
    subject: matchSet(`${sportsNames()}, club, clubs, franchise, fc, rovers, wanderers, rangers, albion, athletic`),
    frame: matchSet(CLUB_OWNERSHIP),
    needs: matchSet(CLUB_GOVERNANCE),
  },
  {
    label: 'travel abroad',
    category: 'lifestyle',
    from: ['world'],
    subject: matchSet(ABROAD),
    frame: matchSet(TRIPS),
    unless: matchSet(`${DISASTERS}, ${PLACE_NEWS}`),
  },
  {
    label: 'books and libraries',
    category: 'entertainment',
    from: ['lifestyle', 'politics'],
    subject: matchSet(BOOKS),
    frame: matchSet(BOOK_FRAMES),
    // A council closing its libraries is local politics (see below).
    unless: matchSet(COUNCILS),
  },
  {
    label: "a council's services",
    category: 'politics',
    from: ['entertainment', 'lifestyle', 'sports', 'business'],
    subject: matchSet(COUNCILS),
    frame: matchSet(COUNCIL_SERVICES),
  },
  {
    label: 'unsafe food',
    category: 'health',
    from: ['business', 'lifestyle', 'world', 'science', 'politics'],
    subject: matchSet(FOOD_SCARES),
    frame: matchSet(FOODS),
    unless: matchSet(NOT_FOOD_SCARES),
  },
];

/**
 * The angles whose subject and frame both occur in the text (or in its stemmedWords, not split
 * again), among those whose category is configured.
 */
export function firedAngles(text: string | readonly StemmedWord[], categoryIds: readonly string[], angles: readonly Angle[] = ANGLES): FiredAngle[] {
  const words = typeof text === 'string' ? stemmedWords(text) : text;
  const found = findAll(words, cueIndexOf(angles));
  if (found === undefined) return [];
  const fired: FiredAngle[] = [];
  angles.forEach((angle, a) => {
    const subject = found.first[a * ROLES + SUBJECT];
    if (subject === undefined || !categoryIds.includes(angle.category)) return;
    if (angle.unless && found.first[a * ROLES + UNLESS] !== undefined) return;
    if (angle.needs && found.first[a * ROLES + NEEDS] === undefined) return;
    // The first frame word other than the subject: the first one, or else the first that differs from it.
    const firstFrame = found.first[a * ROLES + FRAME];
    const frame = firstFrame !== subject ? firstFrame : found.otherFrame[a];
    if (frame !== undefined) fired.push({ angle, words: [subject, frame] });
  });
  return fired;
}

// Each angle's word lists are found in one pass over the text: a slot is an angle and one of its roles.
const ROLES = 4;
const SUBJECT = 0;
const FRAME = 1;
const UNLESS = 2;
const NEEDS = 3;

/** Every angle's cues in two lookups: stem -> slots, and first stem -> second stem -> slots. */
interface CueIndex {
  slots: number;
  stems: Map<string, number[]>;
  pairs: Map<string, Map<string, number[]>>;
}

const cueIndexes = new WeakMap<readonly Angle[], CueIndex>();

function cueIndexOf(angles: readonly Angle[]): CueIndex {
  let index = cueIndexes.get(angles);
  if (index) return index;
  index = { slots: angles.length * ROLES, stems: new Map(), pairs: new Map() };
  const { stems, pairs } = index;
  angles.forEach((angle, a) => {
    const roles: [number, MatchSet | undefined][] = [
      [SUBJECT, angle.subject],
      [FRAME, angle.frame],
      [UNLESS, angle.unless],
      [NEEDS, angle.needs],
    ];
    for (const [role, set] of roles) {
      if (!set) continue;
      const slot = a * ROLES + role;
      for (const stem of set.stems) append(stems, stem, slot);
      for (const pair of set.pairs) {
        const [firstStem, secondStem] = pair.split(' ') as [string, string];
        let seconds = pairs.get(firstStem);
        if (!seconds) pairs.set(firstStem, (seconds = new Map()));
        append(seconds, secondStem, slot);
      }
    }
  });
  cueIndexes.set(angles, index);
  return index;
}

function append(map: Map<string, number[]>, key: string, slot: number): void {
  const slots = map.get(key);
  if (slots) slots.push(slot);
  else map.set(key, [slot]);
}

interface Found {
  /** Per slot, the first word or pair of the text in its list, as written (lowercased). */
  first: (string | undefined)[];
  /** Per angle, the first frame word or pair that differs from the first frame one. */
  otherFrame: (string | undefined)[];
}

/** Reads the text once in reading order, each pair before its second word; undefined when no cue occurs. */
function findAll(words: readonly StemmedWord[], index: CueIndex): Found | undefined {
  let found: Found | undefined;
  const note = (slots: readonly number[], shown: string): void => {
    found ??= { first: new Array(index.slots), otherFrame: new Array(index.slots / ROLES) };
    for (const slot of slots) {
      const first = found.first[slot];
      if (first === undefined) found.first[slot] = shown;
      else if (slot % ROLES === FRAME && first !== shown) {
        const a = (slot - FRAME) / ROLES;
        if (found.otherFrame[a] === undefined) found.otherFrame[a] = shown;
      }
    }
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const previous = words[i - 1];
    if (previous) {
      const pairSlots = index.pairs.get(previous.stem)?.get(word.stem);
      if (pairSlots) note(pairSlots, `${previous.word} ${word.word}`);
    }
    const stemSlots = index.stems.get(word.stem);
    if (stemSlots) note(stemSlots, word.word);
  }
  return found;
}

function matchSet(list: string): MatchSet {
  const set: MatchSet = { stems: new Set(), pairs: new Set() };
  for (const entry of list.split(',')) {
    const words = stemmedWords(entry);
    const stems = words.map((w) => w.stem);
    // A word whose stem is a stop word ("innings" -> "in") would match that stop word in every text.
    if (stems.length === 1 && STOP_WORDS.has(stems[0]!) && !STOP_WORDS.has(words[0]!.word)) continue;
    if (stems.length === 1) set.stems.add(stems[0]!);
    for (let i = 1; i < stems.length; i++) {
      // Inside a longer phrase, two stop words are no cue: "man of the match" would match every "of the".
      if (stems.length > 2 && STOP_WORDS.has(stems[i - 1]!) && STOP_WORDS.has(stems[i]!)) continue;
      set.pairs.add(`${stems[i - 1]} ${stems[i]}`);
    }
  }
  return set;
}
