/** Types for chromium.mjs, so TypeScript tests and scripts can import it. */
export declare const chromiumPath: string;
export declare const chromiumArgs: string[];
export declare function assertChromium(): void;
/** Launch options for playwright-core's chromium.launch(). */
export declare function launchOptions(): { executablePath: string; headless: boolean; args: string[] };
