export type Language = 'en' | 'es';

export const languages: readonly Language[] = ['en', 'es'];

export type ScreeningResult = 'no-concern' | 'concern' | 'declined' | 'immediate-danger';

/** Every question can be declined: not answering is the person's right and is recorded as such. */
export type AnswerValue = 'yes' | 'no' | 'declined';

/**
 * Answers by Questionnaire item linkId. A Map, not a plain object: linkIds come from the server, and a linkId
 * such as "constructor" or "toString" would find Object.prototype and read as answered.
 */
export type Answers = ReadonlyMap<string, AnswerValue>;

/**
 * How 'yes' answers add up to a concern. Stored on the Questionnaire (scoring-rule extension) so an
 * organisation's instrument carries its own rule; `any-yes` is `at-least` 1, kept apart because that is how
 * published tools state it.
 */
export type ScoringRule = { kind: 'any-yes' } | { kind: 'at-least'; count: number };
