/**
 * Story args that are element attributes (per the manifest's argTypes) set on
 * the element as attributes: false, empty and undefined remove one, true sets
 * an empty one. Lets a story's controls drive any attribute the JSDoc lists.
 */
import type { StrictArgTypes } from 'storybook/internal/types';

export function applyAttributes(element: Element | undefined, args: Record<string, unknown>, argTypes: StrictArgTypes): void {
  if (!element) return;
  for (const [name, value] of Object.entries(args)) {
    if (argTypes[name]?.table?.category !== 'attributes') continue;
    if (value === undefined || value === false || value === '' || value === null) element.removeAttribute(name);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
}
