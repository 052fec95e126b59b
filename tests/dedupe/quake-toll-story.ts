// A flash on an earthquake and the follow-up hours later that repeats every figure of the flash
// and tells eight of its own (the toll rising, the injured, the aftershocks, the aid), for
// tests/dedupe/figures-kept.test.ts: the two share the figures and many words, yet the follow-up
// is another story a reader wants to see.

export const flash = {
  title: 'Magnitude 7.1 earthquake strikes southern Peru, killing at least 12',
  body:
    '<p>LIMA (AP) - A magnitude 7.1 earthquake struck southern Peru on Tuesday, killing at least 12 people and collapsing homes in the Arequipa region, officials said.</p>' +
    '<p>The quake hit at a depth of 28 kilometres, 45 kilometres south of the town of Acari, the US Geological Survey said.</p>' +
    '<p>Peru\'s civil defence institute said 150 homes had collapsed and roads to the coast were blocked by landslides. Rescue teams were searching the rubble.</p>' +
    '<p>"We are doing everything we can to reach the families trapped," regional governor Rohel Sánchez said.</p>' +
    '<p>The region, home to some 1,500,000 people, sits on the boundary of the Nazca and South American plates.</p>',
};

export const followUp = {
  title: 'Peru earthquake toll rises to 85 as rescuers dig through rubble',
  body:
    '<p>LIMA (AP) - Rescuers in southern Peru pulled more bodies from collapsed homes on Wednesday as the death toll from the magnitude 7.1 earthquake climbed to 85, up from the 12 dead reported in the first hours. Another 640 people were injured.</p>' +
    '<p>The quake, centred 45 kilometres south of Acari at a depth of 28 kilometres, has been followed by 37 aftershocks, the strongest of magnitude 5.4, the US Geological Survey said.</p>' +
    '<p>Beyond the 150 homes that fell on Tuesday, 2,300 have been declared unsafe to live in, and landslides still cut 19 roads in the Arequipa region, the civil defence institute said.</p>' +
    '<p>Governor Rohel Sánchez said many families were sleeping in the streets. The government flew in 60 tonnes of food and water, and President Dina Boluarte declared a 90-day state of emergency across a region where some 1,500,000 people live.</p>',
};
