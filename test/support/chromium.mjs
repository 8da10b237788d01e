/**
 * The one place that knows how to start a headless Chromium, with the flags a
 * closed network and a root user need. Used by the test runner, the e2e
 * scripts and the benchmark. Which Chromium, first found wins:
 *
 *   1. CHROME_PATH, when set (an error if nothing is there);
 *   2. Debian's package, /usr/bin/chromium;
 *   3. the one from the npm registry, the devDependency @sparticuz/chromium,
 *      so `npm install && npm test` needs nothing from apt. It is unpacked
 *      once per version into the temp dir (a few seconds), with its own
 *      libnss3/libnspr4 and fonts, which a bare machine may lack.
 *
 * TERMPLEX_TEST_CHROMIUM=registry skips 1 and 2, so the registry browser can
 * be tested on a machine that has Debian's.
 */
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';
/** fontconfig's configuration: present once any font package is installed. */
const SYSTEM_FONTS = '/etc/fonts/fonts.conf';

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
];

let found;

/** The Chromium to start, the environment it needs, and a line saying which one it is; looked up once per process. */
export function findChromium() {
  found ??= lookUp();
  return found;
}

/** Launch options for playwright-core's chromium.launch(). */
export async function launchOptions() {
  const { executablePath, env } = await findChromium();
  return { executablePath, headless: true, args: chromiumArgs, ...(env && { env }) };
}

async function lookUp() {
  const choice = process.env.TERMPLEX_TEST_CHROMIUM;
  if (choice !== undefined && choice !== '' && choice !== 'registry') {
    throw new TypeError(`TERMPLEX_TEST_CHROMIUM must be "registry" or unset, not ${JSON.stringify(choice)}`);
  }
  if (choice !== 'registry') {
    const chromePath = process.env.CHROME_PATH;
    if (chromePath) {
      if (!existsSync(chromePath)) throw new Error(`Chromium not found at CHROME_PATH=${chromePath}. Fix it, or unset it to use Debian's or the npm registry's Chromium.`);
      return { executablePath: chromePath, description: `CHROME_PATH (${chromePath})` };
    }
    if (existsSync(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, description: `Debian's (${DEBIAN_CHROMIUM})` };
  }
  return registryChromium();
}

async function registryChromium() {
  const version = packageVersion('@sparticuz/chromium');
  // Our own folder, not the package's default of the temp dir itself: a
  // /tmp/chromium unpacked earlier without the libraries (or of another
  // version) would otherwise be taken as it is.
  const dir = path.join(tmpdir(), `termplex-chromium-${version}`);
  if (!complete(dir)) await unpack(dir);
  const executablePath = path.join(dir, 'chromium');
  const libs = path.join(dir, 'al2023', 'lib');
  const env = { ...process.env, LD_LIBRARY_PATH: [libs, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':') };
  // The package's fonts are Open Sans alone: only for a machine with no fonts
  // set up at all. Where there are, a terminal drawn in Open Sans would get
  // other cell widths than in the machine's monospace font, and wrap lines.
  const ownFonts = !existsSync(SYSTEM_FONTS);
  if (ownFonts) env.FONTCONFIG_PATH = path.join(dir, 'fonts');
  const fonts = ownFonts ? 'its own fonts' : "this machine's fonts";
  return { executablePath, env, description: `@sparticuz/chromium ${version} from the npm registry, with ${fonts} (${executablePath})` };
}

/** The package's variables that are changed while it unpacks, and put back after. */
const CONFINED = ['TMPDIR', 'AWS_EXECUTION_ENV', 'LD_LIBRARY_PATH', 'FONTCONFIG_PATH', 'HOME'];

/**
 * The package unpacks into os.tmpdir(), adds its libraries (al2023.tar.br)
 * only when it believes it runs on AWS Lambda, and then, on import, sets
 * LD_LIBRARY_PATH and FONTCONFIG_PATH in this process, where every shell the
 * tests start would inherit them. So it runs with TMPDIR and
 * AWS_EXECUTION_ENV set just for the unpacking, into a fresh folder that is
 * renamed into place whole: test files run in parallel, and one of them must
 * never see another's half-written binary.
 */
async function unpack(dir) {
  const staging = mkdtempSync(`${dir}-`);
  try {
    await confined({ TMPDIR: staging, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x' }, async () => {
      const { default: chromium } = await import('@sparticuz/chromium');
      await chromium.executablePath();
    });
    // Its fonts.conf names the folders the package unpacks to by default (/tmp/fonts); these fonts are here.
    const fonts = path.join(dir, 'fonts');
    writeFileSync(path.join(staging, 'fonts', 'fonts.conf'), `<?xml version="1.0"?>\n<fontconfig>\n  <dir>${fonts}/fonts</dir>\n  <cachedir>${fonts}/cache</cachedir>\n</fontconfig>\n`);
    try {
      renameSync(staging, dir);
    } catch (error) {
      if (complete(dir)) return; // another test file put its copy in place first
      if (!existsSync(dir)) throw error;
      // Only whole folders are renamed in: a temp-dir cleaner took part of this one.
      rmSync(dir, { recursive: true, force: true });
      renameSync(staging, dir);
    }
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** Runs `body` with `vars` set, then puts back every variable the package touches. */
async function confined(vars, body) {
  const saved = Object.fromEntries(CONFINED.map((name) => [name, process.env[name]]));
  Object.assign(process.env, vars);
  try {
    await body();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** Its package.json is not exported, and its entry point's depth differs between versions: look upwards. */
function packageVersion(name) {
  for (let dir = path.dirname(fileURLToPath(import.meta.resolve(name))); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8'));
    if (manifest.name === name) return manifest.version;
  }
  throw new Error(`no package.json of ${name} found above its entry point`);
}

const complete = (dir) => existsSync(path.join(dir, 'chromium')) && existsSync(path.join(dir, 'al2023', 'lib'));
