// The classifier's bundled knowledge: for each starter category, words and phrases that news
// uses far more in that category than in others, in three weights. They become pseudo-counts
// in naive-bayes.ts (never written to Redis), so that a fresh install classifies headlines
// before it has learned anything, and learning then refines them. A configured category
// with one of these ids uses its entries without any keywords in the config.
//
// Entries are comma-separated; a phrase ("interest rate") counts as its word pairs. Words are
// stemmed like story text, so list one form ("election" covers "elections").

export interface StarterEntries {
  /** Weight 3: nearly always means this category. */
  strong: string;
  /** Weight 2: usually means this category. */
  medium: string;
  /** Weight 1: leans towards this category. */
  weak: string;
}

export const STARTER_VOCABULARY: Readonly<Record<string, StarterEntries>> = {
  politics: {
    strong: 'election, senate, senator, congress, congressman, congresswoman, parliament, lawmaker, legislature, ballot, voter, republican, democrat, gop, labour, tory, conservatives, campaign trail, polling station, impeachment, filibuster, white house, prime minister, chancellor, governor, mayor, cabinet, minister, caucus, primary',
    medium: 'vote, bill, law, legislation, policy, government, president, presidential, party, opposition, coalition, administration, supreme court, justice, ruling, veto, poll, campaign, candidate, referendum, budget, spending, deficit, tax, immigration, border, politician, political',
    weak: 'federal, state, official, committee, hearing, reform, public, protest, constitution, amendment, speaker, house, secretary, spokesperson, inquiry',
  },
  world: {
    strong: 'ukraine, russia, kremlin, gaza, israel, hamas, hezbollah, nato, united nations, un security council, ceasefire, refugee, embassy, ambassador, diplomat, diplomatic, foreign minister, airstrike, insurgent, militant, junta, coup, sanction',
    medium: 'war, troops, military, missile, drone, invasion, conflict, border, china, beijing, moscow, kyiv, tehran, iran, syria, sudan, afghanistan, taliban, north korea, pyongyang, taiwan, india, pakistan, africa, europe, eu, brussels, summit, talks, peace, humanitarian, aid, hostage',
    weak: 'country, nation, international, foreign, global, region, regional, capital, killed, attack, soldier, army, rebel, election, president, minister',
  },
  business: {
    strong: 'earnings, revenue, profit, shares, stock, stocks, investor, shareholder, ceo, merger, acquisition, ipo, dividend, quarterly, wall street, nasdaq, dow jones, s&p 500, ftse, interest rate, federal reserve, inflation, recession, gdp, tariff, layoff, bankruptcy',
    medium: 'company, market, economy, economic, bank, banking, finance, financial, investment, fund, trade, sales, retail, retailer, price, prices, oil, consumer, jobs, unemployment, wage, deal, billion, startup, valuation, debt, bond, currency, dollar, crypto, bitcoin',
    weak: 'business, firm, industry, growth, cost, costs, spending, demand, supply, export, import, brand, chief executive, quarter, forecast, outlook',
  },
  science: {
    strong: 'scientist, researcher, study, species, fossil, dinosaur, astronomer, telescope, nasa, galaxy, planet, asteroid, comet, mars, moon, orbit, spacecraft, physics, physicist, quantum, genome, evolution, archaeologist, climate change, emission, carbon dioxide, ecosystem, biodiversity',
    medium: 'research, discovery, discover, experiment, lab, laboratory, journal, nature, universe, space, rocket, launch, satellite, ocean, glacier, ice, species, wildlife, animal, bird, fish, insect, plant, gene, cell, molecule, chemistry, biology, climate, warming',
    weak: 'ancient, earth, star, sun, water, temperature, data, evidence, analysis, university, found, sea, forest, environment',
  },
  technology: {
    strong: 'software, app, apps, smartphone, iphone, android, google, apple, microsoft, meta, amazon, openai, chatgpt, artificial intelligence, ai, chatbot, algorithm, cybersecurity, hacker, malware, ransomware, startup, silicon valley, chip, semiconductor, processor, gpu, cloud, browser, website, internet',
    medium: 'tech, technology, digital, online, device, gadget, laptop, computer, tablet, data, privacy, user, platform, social media, tiktok, facebook, instagram, youtube, x, twitter, update, feature, launch, robot, automation, electric vehicle, tesla, battery',
    weak: 'company, product, service, network, code, developer, engineer, tool, system, model, version, release',
  },
  health: {
    strong: 'patient, doctor, nurse, hospital, clinic, disease, cancer, diabetes, vaccine, vaccination, virus, infection, outbreak, pandemic, covid, symptom, diagnosis, treatment, therapy, drug, medication, surgery, dementia, alzheimer, obesity, mental health, depression, anxiety, nhs, cdc, fda',
    medium: 'health, medical, medicine, care, healthcare, clinical trial, risk, heart, blood, brain, sleep, diet, exercise, weight, pregnancy, child, children, illness, condition, pain, pharmacy, prescription, insurance',
    weak: 'study, research, researcher, body, life, age, older, young, food, eat, daily, habit',
  },
  sports: {
    strong: 'match, game, season, league, championship, tournament, cup, coach, manager, player, team, goal, score, win, defeat, victory, final, semifinal, quarterfinal, playoff, striker, midfielder, quarterback, pitcher, batsman, wicket, inning, touchdown, penalty, referee, stadium, fixture, transfer, football, soccer, tennis, golf, cricket, rugby, basketball, baseball, hockey, olympic, medal, athlete',
    medium: 'club, fan, fans, squad, captain, injury, injured, contract, signing, sign, lead, beat, beats, draw, loss, race, racing, grand prix, driver, champion, title, round, open, record',
    weak: 'home, away, play, played, first half, second half, week, point, points, minute, career',
  },
  entertainment: {
    strong: 'film, movie, actor, actress, director, hollywood, box office, oscar, emmy, grammy, album, singer, song, band, concert, tour, netflix, disney, hbo, streaming, series, episode, premiere, trailer, sequel, celebrity, rapper, pop star, tv show, sitcom, drama',
    medium: 'star, music, tv, television, show, festival, award, awards, cast, role, character, fans, release, record, chart, studio, novel, book, author, theatre, theater, broadway, comedian, comedy, video game, game',
    weak: 'new, season, stage, performance, perform, media, culture, arts, art, artist',
  },
  lifestyle: {
    strong: 'recipe, cooking, chef, restaurant, fashion, designer, beauty, skincare, makeup, travel, vacation, holiday, hotel, destination, wedding, dating, relationship, parenting, gardening, garden, home decor, interior, wine, cocktail, dessert, baking',
    medium: 'food, dish, meal, dinner, breakfast, style, outfit, clothes, dress, trend, shopping, home, kitchen, family, kids, pet, dog, cat, wellness, self care, tips, guide, ideas, weekend, trip',
    weak: 'best, easy, simple, love, life, living, summer, winter, spring, autumn, fall, season',
  },
};
