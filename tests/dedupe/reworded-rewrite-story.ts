// One wire story as outlets carry it, for tests/dedupe/paraphrased-ledes.test.ts: the wire copy,
// an outlet's rewrite of it in which every sentence is reworded (the figures, times, days and one
// quote kept, paragraphs reordered), and a follow-up that repeats the background figures but
// tells its own.

export const wire = {
  title: 'Avalanche buries road to Swiss ski resort, cutting off 4,000 people',
  body:
    '<p>SION, Switzerland (Reuters) - An avalanche buried the only road to the ski resort of Saas-Fee on Sunday, cutting off about 4,000 residents and tourists, police in the canton of Valais said.</p>' +
    '<p>The slide, about 300 metres wide, came down shortly after 6 a.m. near the village of Saas-Grund after 80 centimetres of snow fell in 24 hours.</p>' +
    '<p>No one was hurt, police spokesman Markus Rieder said, but two empty cars were swept off the road.</p>' +
    '<p>"We expect to reopen the road on Tuesday if the weather allows," Rieder said.</p>' +
    '<p>Helicopters flew 120 people with flights to catch down to the valley, and the avalanche danger was raised to level 4 of 5.</p>',
};

export const reworded = {
  title: 'Saas-Fee cut off as huge slide blocks its only access road',
  body:
    '<p>Some 4,000 holidaymakers and locals in Saas-Fee were stranded on Sunday when a snow slide roughly 300m across smothered the one road into the resort.</p>' +
    '<p>Valais cantonal police said it struck at a little after 6am close to Saas-Grund, following a 24-hour fall of 80cm of fresh snow.</p>' +
    '<p>Helicopter crews lifted 120 travellers who had flights to catch out of the resort, and the avalanche warning went up to level 4 on a five-point scale.</p>' +
    '<p>Nobody was injured, according to police spokesman Markus Rieder, although the snow carried two unoccupied cars off the carriageway.</p>' +
    '<p>He said: "We expect to reopen the road on Tuesday if the weather allows."</p>',
};

export const followUp = {
  title: 'Road to Saas-Fee reopens after avalanche, resort counts cost',
  body:
    '<p>SION, Switzerland (Reuters) - The road to the ski resort of Saas-Fee reopened on Wednesday, three days after an avalanche cut off about 4,000 people, police in the canton of Valais said.</p>' +
    '<p>Engineers cleared 15,000 cubic metres of snow from the road, a day later than the Tuesday opening police had hoped for, after 40 centimetres more snow fell overnight.</p>' +
    '<p>The resort\'s tourist office said cancelled bookings had cost hotels about 2.5 million Swiss francs.</p>' +
    '<p>"We are open and the skiing is excellent," tourism director Claudia Imseng said.</p>' +
    '<p>The avalanche danger was lowered to level 3 of 5.</p>',
};
