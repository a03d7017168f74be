import type { PushOutputValue, TagRule, TagSettings } from "@ashby-kit/shared";

/**
 * How scores become tags: a fixed tag on every pushed candidate, and at most one range tag per scored output
 * ("AI score 80–89"). Pure; the write plan (plan.ts) turns a change of range tag into remove-old + add-new.
 */

type ScoreRangesRule = Extract<TagRule, { kind: "score_ranges" }>;
type RangeOfRule = ScoreRangesRule["ranges"][number];

/** A range's own title wins over the template; null when neither exists (the settings validator refuses that). */
export function rangeTagTitle(rule: ScoreRangesRule, range: RangeOfRule): string | null {
  if (range.title !== undefined) return range.title;
  if (rule.template === undefined) return null;
  return rule.template.replaceAll("{min}", String(range.min)).replaceAll("{max}", String(range.max)).trim();
}

/** The range tag an output calls for: a title, `null` for "no range tag", or `undefined` when the item has no such output. */
export type RangeTagWish = { outputKey: string; title: string | null };

export type DerivedTags = {
  /** Fixed tags of the settings plus the item's own tags, in order, without duplicates (case-insensitive). */
  fixed: string[];
  /** One wish per range rule whose output the item carries. */
  ranges: RangeTagWish[];
  /** Outputs of range rules that are not numbers: reported to the caller, never guessed at. */
  errors: { outputKey: string; message: string }[];
};

function scoreOf(output: PushOutputValue): number | null {
  if (typeof output === "number" && Number.isFinite(output)) return output;
  if (typeof output === "string" && output.trim() !== "" && Number.isFinite(Number(output)))
    return Number(output);
  return null;
}

export function deriveTags(
  settings: TagSettings,
  outputs: Readonly<Record<string, PushOutputValue>>,
  itemTags: readonly string[] = [],
): DerivedTags {
  const derived: DerivedTags = { fixed: [], ranges: [], errors: [] };
  if (!settings.enabled) return derived;
  const seen = new Set<string>();
  const addFixed = (title: string) => {
    const key = title.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      derived.fixed.push(title);
    }
  };
  for (const rule of settings.rules) {
    if (rule.kind === "fixed") {
      addFixed(rule.title);
      continue;
    }
    const output = outputs[rule.outputKey];
    if (output === undefined) continue;
    const score = scoreOf(output);
    if (score === null) {
      derived.errors.push({
        outputKey: rule.outputKey,
        message: `The tag rule for "${rule.outputKey}" needs a number, got ${JSON.stringify(output).slice(0, 80)}.`,
      });
      continue;
    }
    const range = rule.ranges.find((candidate) => score >= candidate.min && score <= candidate.max);
    derived.ranges.push({ outputKey: rule.outputKey, title: range ? rangeTagTitle(rule, range) : null });
  }
  for (const title of itemTags) addFixed(title);
  return derived;
}
