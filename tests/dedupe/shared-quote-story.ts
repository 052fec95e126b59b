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
