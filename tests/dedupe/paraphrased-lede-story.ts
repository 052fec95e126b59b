// One short wire story as outlets carry it, for tests/dedupe/paraphrased-ledes.test.ts: the wire copy, an
// outlet's rewrite (its own intro, the lede and two paragraphs in its own words, a paragraph cut, the
// numbers kept), a summary-only feed's deck in its own words, and a follow-up with its own deck.

export const wire = {
  title: 'Lock gate failure strands 140 barges on the Rhine-Main-Danube canal',
  body: `<p>NUREMBERG, Germany (Reuters) - A gate at the Eckersmuhlen lock on the Rhine-Main-Danube canal failed on Friday, stranding about 140 barges and cutting the main inland shipping route between the North Sea and the Black Sea, Germany's waterways agency said.</p>
<p>The lower gate of the lock, built in 1972, jammed half open after a hydraulic cylinder broke early in the morning, the agency said. Engineers expected repairs to take at least 12 days.</p>
<p>"We have divers in the chamber and a replacement cylinder on its way from Duisburg," said Petra Lindner, who heads the agency's office in Nuremberg.</p>
<p>About 6 million tonnes of goods, mostly grain, fertiliser and steel, pass through the canal each year. Shipping companies said cargo would be moved to rail and road where possible.</p>
<p>The Danube carries about a fifth less traffic than usual after a dry summer left water levels low at several points downstream of Regensburg.</p>`,
};

export const rewrite = {
  title: 'Broken lock cuts Europe\u2019s inland link from North Sea to Black Sea',
  body: `<p>Skippers on one of Europe's busiest waterways are going nowhere this week.</p>
<p>Around 140 cargo vessels were left stuck on Friday when a gate at Eckersmühlen, a lock on the canal joining the Rhine and the Danube, broke down, severing the inland route between the North Sea and the Black Sea.</p>
<p>"We have divers in the chamber and a replacement cylinder on its way from Duisburg," said Petra Lindner, who heads the waterways agency's office in Nuremberg.</p>
<p>A hydraulic cylinder on the 1972 gate snapped before dawn, leaving it wedged half open. Engineers said fixing it would take twelve days at least.</p>
<p>Some 6m tonnes of grain, fertiliser and steel travel along the canal in a typical year.</p>`,
};

export const deck = {
  title: 'Rhine-Main-Danube canal shut by lock failure',
  body: 'Around 140 freight boats have sat idle since a breakdown at Eckersmuhlen on Friday, with crews needing at least 12 days to mend the gate on the route to the Black Sea.',
};

export const followUp = {
  title: 'Rhine-Main-Danube canal reopens early as 140 stranded barges move again',
  body: `<p>NUREMBERG, Germany (Reuters) - The Rhine-Main-Danube canal reopened on Tuesday, four days earlier than planned, after engineers fitted a new cylinder to the broken gate at the Eckersmuhlen lock, Germany's waterways agency said.</p>
<p>The first of about 140 barges that had been stranded since Friday passed through the lock at 6:15 a.m., and the agency said the queue should clear by Thursday.</p>
<p>"We have divers in the chamber around the clock," said Petra Lindner, who heads the agency's office in Nuremberg, adding that a full inspection of the gate would follow in March.</p>
<p>Shipping companies said the closure had cost them about 3 million euros.</p>`,
};

export const followUpDeck = {
  title: 'Barges move again as Rhine-Main-Danube canal lock reopens',
  body: 'About 140 barges stranded at the Eckersmuhlen lock on the canal began moving again on Tuesday, after engineers fitted a new hydraulic cylinder to the broken gate, four days early.',
};
