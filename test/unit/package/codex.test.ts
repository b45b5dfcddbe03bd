import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { GrowApi } from '../../../credentials/GrowApi.credentials';
import { LearnUponApi } from '../../../credentials/LearnUponApi.credentials';
import { LearningPoolApi } from '../../../credentials/LearningPoolApi.credentials';
import { LearnWorldsApi } from '../../../credentials/LearnWorldsApi.credentials';
import { TalentLmsApi } from '../../../credentials/TalentLmsApi.credentials';

const root = join(__dirname, '..', '..', '..');
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
	name: string;
	homepage: string;
};

/** The node folder, its README anchor, and its credential's documentation link. */
const vendors = [
	{ folder: 'TalentLms', anchor: 'talentlms', credential: new TalentLmsApi() },
	{ folder: 'LearnUpon', anchor: 'learnupon', credential: new LearnUponApi(), instant: true },
	{ folder: 'LearnWorlds', anchor: 'learnworlds', credential: new LearnWorldsApi(), instant: true },
	{ folder: 'Grow', anchor: 'grow', credential: new GrowApi(), instant: true },
	{ folder: 'LearningPool', anchor: 'learning-pool', credential: new LearningPoolApi() },
];

// The categories n8n's own node panel knows; HR apps such as BambooHR use "Miscellaneous".
const N8N_CATEGORIES = [
	'Analytics',
	'Communication',
	'Core Nodes',
	'Data & Storage',
	'Development',
	'Finance & Accounting',
	'Marketing & Content',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

describe('codex files and documentation links', () => {
	it('the homepage is the published package page', () => {
		expect(packageJson.homepage).toBe(`https://www.npmjs.com/package/${packageJson.name}`);
	});

	describe.each(vendors)('$folder', ({ folder, anchor, credential, instant }) => {
		const vendorDoc = `https://www.npmjs.com/package/${packageJson.name}#${anchor}`;
		const codexFiles = readdirSync(join(root, 'nodes', folder)).filter((file) =>
			file.endsWith('.node.json'),
		);

		it('has a codex file for the action node and for each trigger', () => {
			const expected = [`${folder}.node.json`, `${folder}Trigger.node.json`];
			if (instant) expected.push(`${folder}WebhookTrigger.node.json`);
			expect(codexFiles.sort()).toEqual(expected.sort());
		});

		it("the credential's documentation link opens the vendor's README section", () => {
			expect(credential.documentationUrl).toBe(vendorDoc);
		});

		it.each(codexFiles)('%s: n8n category and README links', (file) => {
			const codex = JSON.parse(readFileSync(join(root, 'nodes', folder, file), 'utf8')) as {
				node: string;
				categories: string[];
				resources: Record<string, Array<{ url: string }>>;
			};
			expect(codex.node).toBe(
				`${packageJson.name}.${file.charAt(0).toLowerCase()}${file.slice(1, -'.node.json'.length)}`,
			);
			expect(codex.categories.length).toBeGreaterThan(0);
			for (const category of codex.categories) expect(N8N_CATEGORIES).toContain(category);
			const urls = Object.values(codex.resources).flatMap((links) => links.map(({ url }) => url));
			expect(urls.length).toBeGreaterThan(0);
			for (const url of urls) expect(url).toBe(vendorDoc);
		});
	});
});
