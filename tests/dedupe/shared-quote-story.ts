// A wire story, an outlet's rewrite in its own words that keeps the wire's quote verbatim, and a
// follow-up days later that repeats the quote with facts of its own (tests of agreeOnQuote).
export const wire = {
  title: 'Dam operator opens spillways as reservoir nears record level',
  body:
    '<p>The operator of the Valdora dam opened three spillways on Wednesday after the reservoir rose to 97 percent of capacity, the highest level in 41 years, and told 2,300 residents downstream to stay away from the river banks. Engineers said the structure was sound.</p>' +
    '<p>"We are releasing water in a controlled way so that the river stays inside its banks through the weekend," chief engineer Marta Ilves told reporters.</p>' +
    '<p>Rainfall over the catchment reached 180 millimetres in four days, the weather service said. Schools in two riverside villages will stay closed until Friday.</p>',
};

export const rewrite = {
  title: 'Valdora reservoir at 97 percent: spillways opened',
  body:
    '<p>Water is being let out of the Valdora dam after days of heavy rain pushed the reservoir close to its limit. Three spillway gates were opened, and people living along the river below, about 2,300 of them, have been warned to keep clear.</p>' +
    '<p>&quot;We are releasing water in a controlled way so that the river stays inside its banks through the weekend,&quot; said Marta Ilves, the dam\'s chief engineer.</p>' +
    '<p>The water has not stood this high in decades, and more rain is forecast for the mountains.</p>',
};

export const followUp = {
  title: 'Valdora spillways closed as river falls; farmers count losses',
  body:
    '<p>The operator of the Valdora dam closed the last of its spillways as the reservoir fell to 88 percent, and the 2,300 residents downstream were told they could return to the river banks.</p>' +
    '<p>\u201cWe are releasing water in a controlled way so that the river stays inside its banks through the weekend,\u201d chief engineer Marta Ilves had said last week, and the river did stay inside them.</p>' +
    '<p>Farmers said 640 hectares of fields were flooded by seepage, and the regional government promised 12 million euros in aid.</p>',
};

// Two different stories of one firm that quote its press release's stock line and share its
// founding year and headcount; two of one campaign that quote its slogan and share the election
// year and a pledge. Neither pair tells one story in alike words.
const boilerplate = '"We remain committed to delivering innovative solutions and lasting value for our customers and shareholders around the world," said Jane Halvorsen, chief executive of Brightwater Systems.';
export const plantOpening = { title: 'Brightwater Systems opens new plant in Ohio', body: `<p>Brightwater Systems, founded in 1998 and now employing 1,800 people, opened a new assembly plant near Dayton, Ohio, that will employ 450 people by 2027. The site, a former paper mill on the edge of town, was rebuilt over two years with help from state grants, and local officials turned out for a ribbon cutting in the rain. Workers will assemble battery packs for delivery trucks and buses, and a training programme with a nearby community college starts next month.</p><p>${boilerplate}</p><p>The plant will draw power from a solar farm built on the old mill's parking lots, the company said, and trucks will leave by a new access road.</p>` };
export const earningsMiss = { title: 'Brightwater Systems misses earnings forecast', body: `<p>Brightwater Systems, which employs 1,800 people and was founded in 1998, reported a quarterly loss of $12 million as sales of its grid storage units fell short of analyst forecasts, and its shares dropped sharply in early trading. Utilities delayed orders while they wait for new rules on subsidies.</p><p>${boilerplate}</p><p>The firm kept its outlook for the full year unchanged, saying orders would pick up once the rules are settled.</p>` };
const slogan = '"We will build a stronger and fairer country for every working family in this land," Senator Ann Moreau told the crowd.';
export const rally = { title: 'Moreau rallies supporters in Lakeport', body: `<p>Senator Ann Moreau drew a crowd of 3,000 in Lakeport as she campaigned on housing costs ahead of the 2026 election, promising 50,000 affordable homes and to cap rent rises for older tenants. Supporters queued for hours outside the old armoury, and a brass band played before she took the stage. Protesters stood across the street with signs about a stalled bridge project.</p><p>${slogan}</p><p>She heads north next week for a string of smaller stops.</p>` };
export const taxPlan = { title: 'Moreau unveils tax plan to town hall', body: `<p>Senator Ann Moreau laid out a plan to cut payroll taxes by 2 percent for small employers at a town hall meeting, her second policy speech of the 2026 campaign after her pledge of 50,000 affordable homes, drawing pointed questions on the deficit from owners of local shops and a retired accountant. Her aides said the cost would be met by closing loopholes for large firms, though they put the cost at $40 billion, and rivals called the plan vague and unfunded.</p><p>${slogan}</p><p>A local paper said the hall was only half full.</p>` };
