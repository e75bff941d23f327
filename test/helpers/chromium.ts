/**
 * Debian's chromium for the tests that open a page in a real browser (playwright-core drives it;
 * it downloads no browser of its own). When /usr/bin/chromium is missing and we are root on a
 * Debian-like machine (CI), it is installed once with apt-get, quietly; .ci/run does the same
 * up front. CHROMIUM_PATH points at another binary.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const debianChromium = '/usr/bin/chromium';

export function ensureChromium(): string {
  const configured = process.env['CHROMIUM_PATH'];
  if (configured !== undefined && configured !== '') {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  if (existsSync(debianChromium)) return debianChromium;
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(
      `No Chromium at ${debianChromium}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore' });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { env, stdio: 'ignore' });
  if (!existsSync(debianChromium)) throw new Error(`apt-get install chromium left no ${debianChromium}`);
  return debianChromium;
}
