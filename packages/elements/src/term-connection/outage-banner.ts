/**
 * One banner per <term-connection> while a connection that was open is lost:
 * what is happening, which attempt, when the next one starts, and a button to
 * try now. It is a polite live region; the countdown is aria-hidden so a
 * screen reader hears each attempt, not every second.
 */
import { html, nothing } from 'lit';
import type { Outage } from '../connection/outage.js';

export const LOST = 'Connection to the terminal server lost.';

/** The sentence a user reads (and a screen reader says). */
export function outageMessage(outage: Outage): string {
  if (outage.gaveUp) return `${LOST} Gave up after ${outage.attempt} ${outage.attempt === 1 ? 'attempt' : 'attempts'}.`;
  return `${LOST} Reconnecting… (attempt ${outage.attempt})`;
}

/** When the next try is: `secondsLeft` until the scheduled attempt, undefined while one is in flight. */
export function outageCountdown(outage: Outage, secondsLeft: number | undefined): string {
  if (outage.gaveUp) return 'Press Retry now to try again.';
  if (secondsLeft === undefined || secondsLeft <= 0) return 'Trying now…';
  return `Next try in ${secondsLeft} s.`;
}

/** Always rendered (hidden when there is no outage) so the live region exists before it speaks. */
export function renderBanner(outage: Outage | undefined, secondsLeft: number | undefined, retry: () => void) {
  return html`<div part="banner" role="status" aria-live="polite" ?hidden=${!outage} data-state=${outage?.gaveUp ? 'offline' : 'reconnecting'}>
    ${outage
      ? html`<span part="banner-message">${outageMessage(outage)}</span>
          <span part="banner-countdown" aria-hidden="true">${outageCountdown(outage, secondsLeft)}</span>
          <span part="banner-hint">What you type is sent once it is back.</span>
          <button part="retry-button" type="button" @click=${retry}>Retry now</button>`
      : nothing}
  </div>`;
}
