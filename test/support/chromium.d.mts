/** Types for chromium.mjs, so TypeScript tests and scripts can import it. */
export declare const chromiumArgs: string[];
export interface FoundChromium {
  executablePath: string;
  /** The whole environment to start it with, when it needs more than this process's (the registry's Chromium: its own libraries and fonts). */
  env?: { [name: string]: string | undefined };
  /** Which Chromium this is, for one line of output. */
  description: string;
}
/** The Chromium to start: CHROME_PATH, else Debian's, else the npm registry's (TERMPLEX_TEST_CHROMIUM=registry forces it). */
export declare function findChromium(): Promise<FoundChromium>;
/** Launch options for playwright-core's chromium.launch(). */
export declare function launchOptions(): Promise<{ executablePath: string; headless: boolean; args: string[]; env?: { [name: string]: string | undefined } }>;
