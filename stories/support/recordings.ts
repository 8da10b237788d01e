/**
 * The recordings of the story profiles (stories/casts/, made by
 * `npm run record-stories` from real shells), and what the static Storybook
 * plays in place of a live terminal when there is no server.
 */
import defaultCast from '../casts/default.cast?url';
import paletteCast from '../casts/palette.cast?url';
import detailsCast from '../casts/details.cast?url';
import logsCast from '../casts/logs.cast?url';
import countdownCast from '../casts/countdown.cast?url';

const URLS: Record<string, string> = { default: defaultCast, palette: paletteCast, details: detailsCast, logs: logsCast, countdown: countdownCast };

/** The recording of a <term-session>'s profile (no profile: the default one); undefined when there is none. */
export function recordingOf(profile: string | null): string | undefined {
  return URLS[profile ?? 'default'];
}
