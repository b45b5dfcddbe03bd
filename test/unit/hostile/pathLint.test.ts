import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * Adapters never build a path from a value themselves: every value goes through the core's
 * `buildPath` / `encodeSegment` (nodes/shared/core/path.ts), which checks its kind and refuses
 * `.`, `..` and empty values. This scans the vendor sources for the ways a path gets glued
 * together by hand. Only the URL-policy files (the credential's base URL) may build URLs, and only
 * from the validated host.
 */

const VENDORS = join(__dirname, '../../../nodes/shared/vendors');
const URL_POLICY_FILES = new Set(['settings.ts']);

function sources(): Array<{ file: string; text: string }> {
	const found: Array<{ file: string; text: string }> = [];
	// One folder per vendor; files beside them (the vendor list) hold no paths.
	const folders = readdirSync(VENDORS, { withFileTypes: true }).filter((entry) =>
		entry.isDirectory(),
	);
	for (const { name: vendor } of folders) {
		for (const name of readdirSync(join(VENDORS, vendor))) {
			if (!name.endsWith('.ts') || URL_POLICY_FILES.has(name)) continue;
			found.push({
				file: `${vendor}/${name}`,
				text: withoutComments(readFileSync(join(VENDORS, vendor, name), 'utf8')),
			});
		}
	}
	return found;
}

function withoutComments(text: string): string {
	return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/** Path-building offences in one source text, as short descriptions. */
export function offences(text: string): string[] {
	const found: string[] = [];
	for (const match of text.matchAll(/`(?:[^`\\]|\\.)*`/g)) {
		const literal = match[0];
		// A value placed right after or before a slash is a hand-built path segment.
		if (/\/\$\{|\}\//.test(literal)) found.push(`template path ${literal}`);
	}
	for (const match of text.matchAll(/['"]\/[^'"]*['"]\s*\+|\+\s*['"][^'"]*\/['"]/g))
		found.push(`concatenated path ${match[0]}`);
	for (const match of text.matchAll(/encodeURIComponent\(|\.replace\(\s*['"]\{/g))
		found.push(`own encoding or placeholder filling ${match[0]}`);
	return found;
}

describe('adapters build no path by hand', () => {
	it('the check catches the forms that led to issue 14', () => {
		expect(offences('url: `/users/${encodeURIComponent(id)}`')).toHaveLength(2);
		expect(offences("url: '/users/' + id")).toHaveLength(1);
		expect(offences("path.replace('{id}', handle)")).toHaveLength(1);
		expect(offences("url: buildPath('/users/{userId:numeric}', { userId })")).toEqual([]);
		expect(offences('message: `${vendor} answered ${status}`')).toEqual([]);
	});

	it.each(sources().map((source) => [source.file, source.text]))('%s', (_file, text) => {
		expect(offences(text)).toEqual([]);
	});
});
