import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

const VENDORS = join(__dirname, '../../../nodes/shared/vendors');

/** "grow -> learnworlds" for each vendor folder that imports another vendor folder's code. */
function crossVendorImports(): string[] {
	const edges = new Set<string>();
	for (const folder of readdirSync(VENDORS, { withFileTypes: true })) {
		if (!folder.isDirectory()) continue;
		for (const file of readdirSync(join(VENDORS, folder.name))) {
			if (!file.endsWith('.ts')) continue;
			const text = readFileSync(join(VENDORS, folder.name, file), 'utf8');
			for (const match of text.matchAll(/from '\.\.\/([a-z]+)(?:\/[^']*)?'/g)) {
				edges.add(`${folder.name} -> ${match[1]}`);
			}
		}
	}
	return [...edges].sort();
}

describe('vendor folders', () => {
	it('only Grow builds on another vendor (LearnWorlds, whose API it runs); LearnWorlds needs nothing of Grow', () => {
		// A LearnWorlds file that reads Grow's defaults or branches on it would show up here.
		expect(crossVendorImports()).toEqual(['grow -> learnworlds']);
	});
});
