// Lua shared by the ingest script (ingest-items.ts) and its parity test: isCopy() of
// src/dedupe/near-duplicate.ts on two signatures as the store keeps them (2 bytes a value, big-endian),
// so a change to the rule there must be matched here.
//
// Cost: a new item meets a few candidates (stories sharing an index hash with it), and on most
// feeds none is a copy. So the item's values are decoded once (itemOf), each candidate's once per
// script call (candidateOf, cached by the caller), and a candidate is dropped as soon as the
// shingles it has left could no longer reach any of isCopy()'s shingle tests (similarity): every
// test is monotone in the shared count, so the smallest count that passes one (neededShared) is
// exact, and `shared <= values of b in range - values of b not in a` holds whatever b's order.
// The facts and the summary test are computed only when the outcome hangs on them.
//
// Expects, defined before it: `threshold` (a number).

import {
  AGREE_FACTS,
  AGREE_SIMILARITY,
  CONTAINMENT,
  CUT_FACTS,
  CUT_SIMILARITY,
  FACT_SUMMARY_CONTAINMENT,
  FACT_WORD_CONTAINMENT,
  FEW_WORDS,
  FIGURE_CONFLICTS,
  FIGURES,
  MANY_FACTS,
  MANY_FACTS_PER_APART,
  MAX_FACTS,
  MAX_SHINGLES,
  MAX_TEXT_WORDS,
  MAX_QUOTES,
  MAX_WORDS,
  MIN_CONTAINED,
  MIN_WORDS,
  NEW_FACTS,
  QUOTE_APART,
  QUOTE_FACTS,
  QUOTE_SHINGLES,
  STRONG_SIMILARITY,
  SUMMARY_NEW_FACTS,
  SUMMARY_RATIO,
  TEXT_WORD_SIMILARITY,
  WEEKDAY_FACTS,
  WORD_CONTAINMENT,
} from '../../dedupe/near-duplicate.js';

export const similarityLua = `
local strongThreshold = ${STRONG_SIMILARITY} * threshold
local cutThreshold = ${CUT_SIMILARITY} * threshold
local agreeThreshold = ${AGREE_SIMILARITY} * threshold

-- A signature (encodeSignature() in near-duplicate.ts) as its words, its shingles and its facts,
-- 2 bytes a value, then its figures (a bit a fact) and its text words when it tells them (nil
-- for an older release's); none for a story whose text became too short for one (its index entries
-- outlive it). A first byte of 128 or more announces the facts, their count in the next two, plus
-- 32768 when the figures and text words follow them. The text words are returned as they are
-- stored, their count first (plus 32768 when the quotes, their count first, follow them), so that
-- callers pass one value on; textWordValuesOf() and quoteValuesOf() read it.
local function split(signature)
  if signature == '' then return '', '', '' end
  local k, f, start = string.byte(signature, 1), 0, 2
  if k >= 128 then k, f, start = k - 128, string.byte(signature, 2) * 256 + string.byte(signature, 3), 4 end
  local extended = f >= 32768
  if extended then f = f - 32768 end
  local wordsEnd = start + 2 * k
  local factsEnd = wordsEnd + 2 * f
  local words, facts = string.sub(signature, start, wordsEnd - 1), string.sub(signature, wordsEnd, factsEnd - 1)
  if not extended then return words, string.sub(signature, factsEnd), facts end
  local figures = string.byte(signature, factsEnd) * 256 + string.byte(signature, factsEnd + 1)
  local t = string.byte(signature, factsEnd + 2) * 256 + string.byte(signature, factsEnd + 3)
  local extensionEnd = factsEnd + 4 + 2 * (t % 32768)
  if t >= 32768 then
    extensionEnd = extensionEnd + 2 + 2 * (string.byte(signature, extensionEnd) * 256 + string.byte(signature, extensionEnd + 1))
  end
  return words, string.sub(signature, extensionEnd), facts, figures, string.sub(signature, factsEnd + 2, extensionEnd - 1)
end

-- A string of 2-byte values as a table of numbers, and their count: decoded by struct.unpack in
-- one call (a Lua loop over the bytes costs several times more), its format made once per count.
local formats = {}
local function valuesOf(s)
  local n = math.floor(#s / 2)
  local format = formats[n]
  if not format then
    format = '>' .. string.rep('H', n)
    formats[n] = format
  end
  local values = { struct.unpack(format, s) }
  -- struct.unpack ends with the position after the last value.
  values[#values] = nil
  return values, n
end

-- A signature's parts (split()) as the comparisons read them. The item's
-- shingles as values and as a set (value -> true), looked up for each candidate value.
local function itemOf(words, shingles, facts, figures, textWords)
  local values, n = valuesOf(shingles)
  local set = {}
  for i = 1, n do set[values[i]] = true end
  local top = 65535
  if n >= ${MAX_SHINGLES} then top = values[n] end
  return { words = words, facts = facts, figures = figures, textWords = textWords, length = #shingles, values = values, n = n, set = set, top = top }
end

-- A candidate's shingles as values (the comparison reads one number a value, not two bytes), words,
-- facts and text words decoded when needed.
local function candidateOf(words, shingles, facts, figures, textWords)
  local values, n = valuesOf(shingles)
  return { words = words, facts = facts, figures = figures, textWords = textWords, length = #shingles, values = values, n = n }
end

local function wordValuesOf(x)
  if not x.wordValues then x.wordValues, x.wordCount = valuesOf(x.words) end
  return x.wordValues, x.wordCount
end

local function factValuesOf(x)
  if not x.factValues then x.factValues, x.factCount = valuesOf(x.facts) end
  return x.factValues, x.factCount
end

-- The weekdays as fact values (WEEKDAY_FACTS in near-duplicate.ts).
local weekdays = { ${[...WEEKDAY_FACTS].map((fact) => `[${fact}] = true`).join(', ')} }

-- The weekdays a summary may tell that a full text lacks (droppedDays() in near-duplicate.ts):
-- all of them when the text tells none, else none.
local function droppedDays(full)
  local fv, nf = factValuesOf(full)
  for i = 1, nf do
    if weekdays[fv[i]] then return nil end
  end
  return weekdays
end

-- The highest value both of two samples of at most \`max\` values hold in full: a full sample may
-- have left out values above its largest.
local function sampledTop(av, na, bv, nb, max)
  local top = 65535
  if na >= max then top = av[na] end
  if nb >= max then top = math.min(top, bv[nb]) end
  return top
end

-- Two fact samples compared within the range both sampled fully (compareFacts() in
-- near-duplicate.ts): the values only a holds, only b holds, and both hold; a's values in
-- \`unless\` that b lacks are not counted. Without \`unless\`, the same walk counts the figures
-- too (compareFigures()): those only a holds, only b holds, and both hold (0 for an older
-- release's signature, which does not tell them).
local function compareFacts(a, b, unless)
  local av, na = factValuesOf(a)
  local bv, nb = factValuesOf(b)
  local top = sampledTop(av, na, bv, nb, ${MAX_FACTS})
  local af, bf = 0, 0
  if not unless and a.figures and b.figures then af, bf = a.figures, b.figures end
  local i, j, onlyA, onlyB, shared, figuresA, figuresB, sharedFigures = 1, 1, 0, 0, 0, 0, 0, 0
  while true do
    local x, y = 65536, 65536
    if i <= na then x = av[i] end
    if j <= nb then y = bv[j] end
    if x > top then x = 65536 end
    if y > top then y = 65536 end
    if x == 65536 and y == 65536 then break end
    if x == y then
      shared = shared + 1
      if af ~= 0 then sharedFigures = sharedFigures + bit.band(bit.rshift(af, i - 1), 1) end
      i, j = i + 1, j + 1
    elseif x < y then
      if not (unless and unless[x]) then onlyA = onlyA + 1 end
      if af ~= 0 then figuresA = figuresA + bit.band(bit.rshift(af, i - 1), 1) end
      i = i + 1
    else
      onlyB = onlyB + 1
      if bf ~= 0 then figuresB = figuresB + bit.band(bit.rshift(bf, j - 1), 1) end
      j = j + 1
    end
  end
  return onlyA, onlyB, shared, figuresA, figuresB, sharedFigures
end

-- A fact sample's weekdays up to top (its values are sorted).
local function daysUpTo(values, n, top)
  local days = {}
  for k = 1, n do
    local v = values[k]
    if v > top then break end
    if weekdays[v] then days[#days + 1] = v end
  end
  return days
end

-- tellOtherDays() in near-duplicate.ts: each of two fact samples tells a weekday within the range
-- both sampled fully, and they tell none in common there.
local function tellOtherDays(a, b)
  local av, na = factValuesOf(a)
  local bv, nb = factValuesOf(b)
  local top = sampledTop(av, na, bv, nb, ${MAX_FACTS})
  local daysA, daysB = daysUpTo(av, na, top), daysUpTo(bv, nb, top)
  if #daysA == 0 or #daysB == 0 then return false end
  for _, x in ipairs(daysA) do
    for _, y in ipairs(daysB) do
      if x == y then return false end
    end
  end
  return true
end

-- Values two sorted sets share, by a merge walk.
local function sharedByWalk(av, na, bv, nb)
  local i, j, shared = 1, 1, 0
  while i <= na and j <= nb do
    local x, y = av[i], bv[j]
    if x == y then shared, i, j = shared + 1, i + 1, j + 1
    elseif x < y then i = i + 1
    else j = j + 1 end
  end
  return shared
end

-- A signature's text words and quote shingles as values with their counts (none for an older
-- release's, no quotes for a text that quotes nothing), decoded once from what split() passed on
-- (the item's are kept on it for every candidate, as factValuesOf keeps its facts).
local function decodeTextWords(x)
  x.textWordValues, x.textWordCount, x.quoteValues, x.quoteCount = {}, 0, {}, 0
  if not x.textWords then return end
  local t = string.byte(x.textWords, 1) * 256 + string.byte(x.textWords, 2)
  x.textWordValues, x.textWordCount = valuesOf(string.sub(x.textWords, 3, 2 + 2 * (t % 32768)))
  if t >= 32768 then x.quoteValues, x.quoteCount = valuesOf(string.sub(x.textWords, 5 + 2 * (t - 32768))) end
end

local function textWordValuesOf(x)
  if not x.textWordValues then decodeTextWords(x) end
  return x.textWordValues, x.textWordCount
end

local function quoteValuesOf(x)
  if not x.textWordValues then decodeTextWords(x) end
  return x.quoteValues, x.quoteCount
end

-- sharedInRange() in near-duplicate.ts: how many values two samples of at most \`max\` values share
-- within the range both hold fully, and how many each holds there.
local function sharedInRange(av, na, bv, nb, max)
  local top = sampledTop(av, na, bv, nb, max)
  while na > 0 and av[na] > top do na = na - 1 end
  while nb > 0 and bv[nb] > top do nb = nb - 1 end
  return sharedByWalk(av, na, bv, nb), na, nb
end

-- textWordSimilarity() in near-duplicate.ts at least TEXT_WORD_SIMILARITY: Jaccard similarity of
-- the text word samples over the range both hold fully.
local function wordsAlike(a, b)
  local aw, ma = textWordValuesOf(a)
  local bw, mb = textWordValuesOf(b)
  local shared, na, nb = sharedInRange(aw, ma, bw, mb, ${MAX_TEXT_WORDS})
  local union = na + nb - shared
  return union > 0 and shared / union >= ${TEXT_WORD_SIMILARITY}
end

-- agreeOnQuote() in near-duplicate.ts: QUOTE_FACTS facts shared, one side holding at most
-- QUOTE_APART the other lacks, QUOTE_SHINGLES quote shingles shared, all of the one with fewer
-- within the range both samples hold fully, and the whole texts' content words alike (wordsAlike).
local function agreeOnQuote(a, b, onlyA, onlyB, sharedFacts)
  if sharedFacts < ${QUOTE_FACTS} or math.min(onlyA, onlyB) > ${QUOTE_APART} then return false end
  local aq, ma = quoteValuesOf(a)
  local bq, mb = quoteValuesOf(b)
  local shared, na, nb = sharedInRange(aq, ma, bq, mb, ${MAX_QUOTES})
  return shared >= ${QUOTE_SHINGLES} and shared == math.min(na, nb) and wordsAlike(a, b)
end

-- agreeOnFigures() in near-duplicate.ts, given the facts and figures compareFacts() counted:
-- at most FIGURE_CONFLICTS figures on each side of a pair each lacks, at least FIGURES shared for
-- each such pair and one more set, the side holding more apart at most FIGURE_CONFLICTS more than
-- they share, not each NEW_FACTS facts of its own unless they agree on their facts, and the whole
-- texts' content words alike (textWordSimilarity()).
local function agreeOnFigures(a, b, onlyA, onlyB, sharedFacts, figuresA, figuresB, sharedFigures)
  if not a.figures or not b.figures then return false end
  local paired, apart = math.min(figuresA, figuresB), math.max(figuresA, figuresB)
  if paired > ${FIGURE_CONFLICTS} or apart > sharedFigures + ${FIGURE_CONFLICTS} or sharedFigures < ${FIGURES} * (1 + paired) then return false end
  if onlyA >= ${NEW_FACTS} and onlyB >= ${NEW_FACTS} and not (sharedFacts >= ${AGREE_FACTS} and sharedFacts >= onlyA + onlyB) then return false end
  return wordsAlike(a, b)
end

-- hasOnlyFactsOf() in near-duplicate.ts: the summary's facts within the range of the full text's
-- sample, at least one, all among the full text's, but for the weekdays it may tell (droppedDays).
local function hasOnlyFactsOf(summary, full)
  if #summary.facts == 0 then return false end
  local sv, ns = factValuesOf(summary)
  local fv, nf = factValuesOf(full)
  local dropped = droppedDays(full)
  local top = 65535
  if nf >= ${MAX_FACTS} then top = fv[nf] end
  local counted, j = 0, 1
  for i = 1, ns do
    local x = sv[i]
    if x > top then break end
    while j <= nf and fv[j] < x do j = j + 1 end
    if j <= nf and fv[j] == x then counted = counted + 1
    elseif not (dropped and dropped[x]) then return false end
  end
  return counted > 0
end

-- isSummaryOf() in near-duplicate.ts: the summary's content words (those within the range of the
-- full text's sample) mostly in the full text's, one of them a number (odd values), or fewer when
-- it tells AGREE_FACTS of the text's facts and none it lacks, or nearly all of them when it tells
-- no fact the full text lacks; never when it tells SUMMARY_NEW_FACTS the text lacks, more than it shares.
local function isSummaryOf(summary, full)
  if full.length < ${SUMMARY_RATIO} * summary.length then return false end
  local onlySummary, _, sharedFacts = compareFacts(summary, full, droppedDays(full))
  if #full.facts > 0 and onlySummary >= ${SUMMARY_NEW_FACTS} and onlySummary > sharedFacts then return false end
  local sw, ns = wordValuesOf(summary)
  local fw, nf = wordValuesOf(full)
  local top = 65535
  if nf >= ${MAX_WORDS} then top = fw[nf] end
  local counted, shared, facts, j = 0, 0, 0, 1
  for i = 1, ns do
    local w = sw[i]
    if w > top then break end
    counted = counted + 1
    while j <= nf and fw[j] < w do j = j + 1 end
    if j <= nf and fw[j] == w then
      shared = shared + 1
      facts = facts + w % 2
    end
  end
  if counted >= ${MIN_WORDS} and facts > 0 then
    if shared >= ${WORD_CONTAINMENT} * counted then return true end
    if onlySummary == 0 and sharedFacts >= ${AGREE_FACTS} and shared >= ${FACT_SUMMARY_CONTAINMENT} * counted then return true end
  end
  return counted >= ${FEW_WORDS} and shared >= ${FACT_WORD_CONTAINMENT} * counted and hasOnlyFactsOf(summary, full)
end

-- The shorter text a summary of the longer (isCopy()'s last test).
local function isSummary(a, b)
  if a.n <= b.n then return isSummaryOf(a, b) end
  return isSummaryOf(b, a)
end

-- Whether \`shared\` of the compared ra and rb values pass one of isCopy()'s shingle tests (strong
-- similarity, containment, and Jaccard similarity at \`lowest\`: the threshold, or the look below it
-- when the facts agree or one text is a cut of the other, lowestThreshold() in near-duplicate.ts).
-- Each is monotone in \`shared\`: the union shrinks as it grows, and a float product never grows
-- when its factor shrinks.
local function passesShingleTests(shared, ra, rb, smaller, lowest)
  local union = ra + rb - shared
  return (union > 0 and (shared >= strongThreshold * union or shared >= lowest * union)) or
    (smaller >= ${MIN_CONTAINED} and shared >= ${CONTAINMENT} * smaller)
end

-- The smallest shared count of ra and rb compared values that passes a shingle test, or
-- smaller + 1 if none does: from the closed form, then stepped to the exact count (monotone).
-- It depends on the sizes and the threshold that applies alone, and the candidates of one script call
-- come in few sizes: each count is worked out once per call (it costs about as much as a candidate's
-- first dozen values).
local neededByLowest = {}
local function neededShared(ra, rb, smaller, lowest)
  local known = neededByLowest[lowest]
  if not known then
    known = {}
    neededByLowest[lowest] = known
  end
  local key = ra * 65536 + rb
  if known[key] then return known[key] end
  local t = lowest
  local need = math.ceil(t * (ra + rb) / (1 + t))
  if smaller >= ${MIN_CONTAINED} then need = math.min(need, math.ceil(${CONTAINMENT} * smaller)) end
  need = math.max(0, math.min(need, smaller + 1))
  while need > 0 and passesShingleTests(need - 1, ra, rb, smaller, lowest) do need = need - 1 end
  while need <= smaller and not passesShingleTests(need, ra, rb, smaller, lowest) do need = need + 1 end
  known[key] = need
  return need
end

-- Jaccard similarity of the item's and a candidate's shingle sketches over their compared range
-- (comparedRange() in near-duplicate.ts), or 0 when the two texts are not one story's by isCopy():
-- similar enough, or the smaller mostly inside the other, or the shorter a summary of the longer
-- (then at least a tiny score), unless each carries facts the other lacks and they are not very
-- similar (STRONG_SIMILARITY); or whatever they share when their figures agree (agreeOnFigures) or
-- they share a quote and its facts (agreeOnQuote); never, unless very similar, when each tells a
-- weekday and they tell none in common (tellOtherDays).
local function similarity(a, b)
  local na, nb, bv = a.n, b.n, b.values
  if na == 0 or nb == 0 then return 0 end
  local top = a.top
  if nb >= ${MAX_SHINGLES} then top = math.min(top, bv[nb]) end
  local av, ra, rb = a.values, na, nb
  while ra > 0 and av[ra] > top do ra = ra - 1 end
  while rb > 0 and bv[rb] > top do rb = rb - 1 end
  local smaller = math.min(ra, rb)
  local summary, figures, quote -- isSummary(a, b), agreeOnFigures(a, b, ...) and agreeOnQuote(a, b, ...), once asked
  -- The facts and figures, compared in one walk (most feeds' texts have none): whether they agree,
  -- on many facts or enough, or one text is a cut of the other (no shingle test or the look below
  -- the threshold applies: lowestThreshold() in near-duplicate.ts), whether each tells facts the
  -- other lacks, and whether the figures agree (agreeOnFigures).
  local onlyA, onlyB, sharedFacts, figuresA, figuresB, sharedFigures = 0, 0, 0, 0, 0, 0
  if #a.facts > 0 and #b.facts > 0 then onlyA, onlyB, sharedFacts, figuresA, figuresB, sharedFigures = compareFacts(a, b) end
  local function figuresAgree()
    return agreeOnFigures(a, b, onlyA, onlyB, sharedFacts, figuresA, figuresB, sharedFigures)
  end
  -- Whether a test that needs no shared shingle passes: the figures agree, a quote is shared, or one is a summary.
  local function withoutShingles()
    if figures == nil then figures = figuresAgree() end
    if figures then return true end
    if quote == nil then quote = agreeOnQuote(a, b, onlyA, onlyB, sharedFacts) end
    if quote then return true end
    if summary == nil then summary = isSummary(a, b) end
    return summary
  end
  local lowest, agree = threshold, sharedFacts >= ${AGREE_FACTS} and sharedFacts >= onlyA + onlyB
  if sharedFacts >= ${MANY_FACTS} and ${MANY_FACTS_PER_APART} * (onlyA + onlyB) <= sharedFacts then lowest = 0
  elseif agree then lowest = agreeThreshold
  elseif sharedFacts >= ${CUT_FACTS} and (onlyA == 0 or onlyB == 0) then lowest = cutThreshold end
  local shared = 0
  if smaller > 0 then
    -- Stop once more of b's values missed a than rb - need: the rest cannot make up the count.
    local cut = rb - neededShared(ra, rb, smaller, lowest)
    if cut < 0 and not withoutShingles() then return 0 end
    local set, previous, misses = a.set, -1, 0
    for k = 1, rb do
      local y = bv[k]
      -- A set with repeated or unsorted values (not this release's): the walk counts as before.
      if y <= previous then
        shared = sharedByWalk(av, ra, bv, rb)
        break
      end
      previous = y
      if set[y] then shared = shared + 1
      else
        misses = misses + 1
        if misses > cut then
          if not withoutShingles() then return 0 end
          cut = rb
        end
      end
    end
  end
  local union = ra + rb - shared
  local jaccard = 0
  if union > 0 then jaccard = shared / union end
  if union > 0 and shared >= strongThreshold * union then return jaccard end
  -- Two days' stories, whatever else they share (tellOtherDays).
  if #a.facts > 0 and #b.facts > 0 and tellOtherDays(a, b) then return 0 end
  if figures == nil then figures = figuresAgree() end
  if figures then return math.max(jaccard, 1e-9) end
  if quote == nil then quote = agreeOnQuote(a, b, onlyA, onlyB, sharedFacts) end
  if quote then return math.max(jaccard, 1e-9) end
  if not passesShingleTests(shared, ra, rb, smaller, lowest) then
    if summary == nil then summary = isSummary(a, b) end
    if not summary then return 0 end
  end
  if onlyA >= ${NEW_FACTS} and onlyB >= ${NEW_FACTS} and not agree then return 0 end
  return math.max(jaccard, 1e-9)
end
`;
