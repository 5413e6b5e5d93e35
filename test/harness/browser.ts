/**
 * The browsers the page tests drive, both Debian's own packages: no browser download is possible
 * here. Chromium through playwright-core; Firefox ESR through puppeteer-core over WebDriver BiDi
 * (Playwright's Firefox needs its own patched build). Both are kept off the network (this machine
 * refuses every outside connection anyway); Chromium runs sandbox-free as root.
 */
import { existsSync } from 'node:fs';

import { chromium, type Browser, type Page } from 'playwright-core';
import { launch, type Browser as BidiBrowser } from 'puppeteer-core';

export const CHROMIUM = process.env.CC_CHROMIUM ?? '/usr/bin/chromium';
export const FIREFOX = process.env.CC_FIREFOX ?? '/usr/bin/firefox-esr';

function mustExist(path: string, pkg: string, variable: string) {
	if (!existsSync(path)) {
		throw new Error(`${pkg} is not at ${path}: install Debian's package (apt-get install -y ${pkg}) or set ${variable}.`);
	}
}

/**
 * What a page under test shows beyond its content: its dialogs (dismissed) and its script errors,
 * with the console errors `keepConsoleError` keeps (none without it) — a script or style the
 * Content-Security-Policy blocked shows among those.
 */
export function watchPage(page: Page, keepConsoleError?: (text: string) => boolean): { dialogs: string[]; errors: string[] } {
	const dialogs: string[] = [];
	const errors: string[] = [];
	page.on('dialog', (d) => {
		dialogs.push(d.message());
		void d.dismiss();
	});
	page.on('pageerror', (e) => errors.push(e.message));
	if (keepConsoleError) {
		page.on('console', (m) => {
			if (m.type() === 'error' && keepConsoleError(m.text())) errors.push(m.text());
		});
	}
	return { dialogs, errors };
}

export async function launchChromium(): Promise<Browser> {
	mustExist(CHROMIUM, 'chromium', 'CC_CHROMIUM');
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
}

/**
 * On top of puppeteer's test profile (updates, safe browsing, blocklist and health report already
 * off), the services that still call home from a fresh profile are switched off, and anything not
 * on loopback goes to a proxy that is not there, so that no page under test can reach outside.
 */
const OFFLINE_FIREFOX_PREFS: Record<string, unknown> = {
	'app.update.auto': false,
	'app.normandy.enabled': false,
	'app.shield.optoutstudies.enabled': false,
	'toolkit.telemetry.enabled': false,
	'toolkit.telemetry.unified': false,
	'toolkit.telemetry.archive.enabled': false,
	'toolkit.telemetry.server': '',
	'browser.ping-centre.telemetry': false,
	'network.captive-portal-service.enabled': false,
	'network.connectivity-service.enabled': false,
	'browser.region.network.url': '',
	'browser.region.update.enabled': false,
	'extensions.blocklist.enabled': false,
	'media.gmp-gmpopenh264.enabled': false,
	'network.trr.mode': 5,
	'network.dns.disablePrefetch': true,
	'network.prefetch-next': false,
	'network.proxy.type': 1,
	'network.proxy.http': '127.0.0.1',
	'network.proxy.http_port': 9,
	'network.proxy.ssl': '127.0.0.1',
	'network.proxy.ssl_port': 9,
	'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
};

/** A fresh temporary profile per launch, removed again by `close()`. */
export async function launchFirefox(): Promise<BidiBrowser> {
	mustExist(FIREFOX, 'firefox-esr', 'CC_FIREFOX');
	return launch({
		browser: 'firefox',
		executablePath: FIREFOX,
		headless: true,
		extraPrefsFirefox: OFFLINE_FIREFOX_PREFS,
	});
}
