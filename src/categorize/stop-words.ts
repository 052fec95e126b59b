// Words the classifier ignores: English function words plus the filler of news copy
// ("says", "report", "latest") that every category uses alike and that would only add noise.

export const STOP_WORDS: ReadonlySet<string> = new Set(
  `a about above across after again against ago ahead all almost along already also although always am among an and
  another any anyone anything are around as at away back be became because become been before behind being below
  between both but by can cannot could did do does doing done down during each either else enough even ever every
  few for from further get gets getting go goes going gone got had has have having he her here hers herself him
  himself his how however i if in inside instead into is it its itself just last least less let like likely many may
  me might more most much must my myself near nearly need never next no nor not now of off often on once one only
  onto or other others our ours out over own per perhaps put rather really same see seen she should since so some
  someone something soon still such than that the their theirs them themselves then there these they thing things
  this those though through thus to too toward towards under until up upon us very via want was we well were what
  whatever when where whether which while who whom whose why will with within without would yet you your yours
  yourself says said say saying told tells tell report reports reported according update updates updated latest live
  breaking news today yesterday tomorrow week weeks year years month months day days new time times way ways make
  makes made take takes took come comes came look looks looking first second third two three four five six seven
  eight nine ten hundred thousand million billion many big small good bad great best better top amid despite set
  sets use used using show shows showed find finds found call calls called mr mrs ms dr st part full latest
  finally officially shortly lately recently currently largely mostly quickly slowly reportedly simply clearly`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Stop words that say nothing alone but name something with a neighbour: "new species",
 * "deadline day", "top seed", "bake off", "sell off", "running back", "box set", "Six Nations",
 * "All Blacks", "own goal". They never
 * become features of their own, but still pair with the content word next to them, so such
 * phrases are not lost (and the starter vocabulary can list them).
 */
export const PAIRING_STOP_WORDS: ReadonlySet<string> = new Set(
  `new day days year years week weeks month time first second top big small best good great full part live update
  updates breaking news show set call million billion off out up down over back one two three four five six seven
  eight nine ten all own`
    .split(/\s+/)
    .filter(Boolean),
);
