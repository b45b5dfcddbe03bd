import { existsSync, readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import { VENDORS, VENDOR_IDS, WEBHOOK_VENDOR_IDS } from '../../../nodes/shared/vendors';

/**
 * The JavaScript tools (npm start, the e2e tier) keep per-vendor data the registry cannot hold
 * (workflow files, simulator facts, demo events). Each is keyed by registry id: a vendor added to
 * the registry without its entry fails here, instead of being skipped silently.
 */
const ROOT = join(__dirname, '../../..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { PICKERS } = require(join(ROOT, 'scripts/demo-events.js')) as { PICKERS: object };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { LIFECYCLE_FACTS } = require(join(ROOT, 'test/e2e/lib/lifecycleFacts.js')) as {
	LIFECYCLE_FACTS: object;
};
const json = (file: string) => JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as object;

describe('per-vendor maps of the JavaScript tools follow the registry', () => {
	it('demo events and lifecycle facts have exactly the registry ids', () => {
		expect(Object.keys(PICKERS).sort()).toEqual([...VENDOR_IDS].sort());
		expect(Object.keys(LIFECYCLE_FACTS).sort()).toEqual([...VENDOR_IDS].sort());
	});

	it.each(['demo/credentials.json', 'test/e2e/credentials.json'])(
		'%s has a credential for every vendor',
		(file) => {
			const types = Object.keys(json(file));
			for (const vendor of VENDORS) expect(types).toContain(vendor.credentialType);
		},
	);

	it.each(VENDOR_IDS)('%s has its demo onboarding and its e2e lifecycle workflow', (id) => {
		expect(existsSync(join(ROOT, `demo/workflows/${id}-onboarding.json`))).toBe(true);
		expect(existsSync(join(ROOT, `test/e2e/workflows/${id}-lifecycle.json`))).toBe(true);
	});

	it('npm start finds the demo webhook workflow of every vendor that sends webhooks', () => {
		// demo-webhooks.js reads the registry from dist/, as npm start builds it first.
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const { webhookWorkflows } = require(join(ROOT, 'scripts/demo-webhooks.js')) as {
			webhookWorkflows(workflows: object[], packageName: string): Array<{ vendor: string }>;
		};
		const workflows = readdirSync(join(ROOT, 'demo/workflows')).map((file) => ({
			id: file,
			workflow: json(`demo/workflows/${file}`),
		}));
		const { name } = json('package.json') as { name: string };
		const vendors = webhookWorkflows(workflows, name).map((hook) => hook.vendor);
		expect(vendors.sort()).toEqual([...WEBHOOK_VENDOR_IDS].sort());
	});
});
