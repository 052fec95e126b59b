// A parliament vote as a wire's short cut tells it, and a strike against the law some weeks later
// that repeats the vote's figures (the new age, the year, the tally) and tells few of its own:
// its figures alone would make it a copy of the cut, its weekday tells another day's story; and an
// outlet's rewrite of the vote on the same weekday. For tests/dedupe/other-day.test.ts.

export const voteCut = {
  title: 'Slovenia to raise retirement age to 67',
  body:
    "<p>LJUBLJANA (STA) - Slovenia's parliament on Tuesday approved a plan to raise the retirement age step by step to 67 by 2035, after a long debate and a rally by several thousand people outside the building.</p>" +
    '<p>The bill passed by 48 votes to 37, with two abstentions. The governing coalition was backed by a small liberal party.</p>',
};

export const strikeLater = {
  title: 'Slovenia general strike over retirement age stops buses and closes schools',
  body:
    '<p>LJUBLJANA (STA) - A general strike against a law raising the retirement age to 67 by 2035 stopped most buses, closed schools and delayed flights across Slovenia on Thursday.</p>' +
    '<p>Unions said 150,000 workers joined the stoppage. The government put the figure at about 60,000.</p>' +
    '<p>Parliament approved the law by 48 votes to 37 last month after a long debate, the governing coalition backed by a small liberal party, while several thousand people rallied outside the building.</p>' +
    '<p>It is under review by the Constitutional Court. A ruling is expected in the spring.</p>',
};

/** The vote as an outlet rewrote it the same day, in its own words but on the same weekday. */
export const voteRewrite = {
  title: 'Slovenian MPs back gradual rise in pension age to 67',
  body:
    '<p>Slovenians will retire at 67 by 2035 under a plan lawmakers approved on Tuesday by 48 votes to 37 with two abstentions, as several thousand protesters rallied outside parliament.</p>' +
    '<p>The coalition won the vote with the help of a small liberal party after a long debate.</p>',
};
