import { capabilitiesOf, declareCapabilities, type Transport } from '../../../nodes/shared/core';
import {
	VENDOR_IDS,
	VENDORS,
	WEBHOOK_VENDOR_IDS,
	WEBHOOK_VENDORS,
} from '../../../nodes/shared/vendors';
import { TalentLmsAdapter } from '../../../nodes/shared/vendors/talentlms/adapter';

/** Credential data under every field name the five credentials use; each vendor reads its own. */
const CREDENTIALS = {
	domain: 'https://acme.talentlms.com',
	portal: 'https://acme.learnupon.com',
	schoolUrl: 'https://acme.learnworlds.com',
	baseUrl: 'https://acme.learningpool.com',
	apiKey: 'key',
	username: 'user',
	password: 'password',
	clientId: 'client',
	clientSecret: 'secret',
};

const noCalls: Transport = {
	send: () => Promise.reject(new Error('building an adapter makes no call')),
};
const clock = { now: () => 0, sleep: () => Promise.resolve() };

describe('declared capabilities', () => {
	it.each(VENDORS.map((vendor) => [vendor.name, vendor] as const))(
		'%s declares every operation its adapter implements, and only those',
		(_name, vendor) => {
			// The adapter as the node gets it, composed or not.
			const adapter = vendor.createAdapter(CREDENTIALS, noCalls, clock);
			const implemented = capabilitiesOf(adapter);
			expect([...vendor.capabilities].sort()).toEqual([...implemented].sort());
		},
	);

	it('refuses, at compile time, a capability the adapter does not implement', () => {
		// TalentLMS has no tags: `npm run lint` (tsc) fails if this line ever compiles.
		// @ts-expect-error 'tag.add' is not implemented by TalentLmsAdapter
		const declared = declareCapabilities(TalentLmsAdapter, ['user.create', 'tag.add']);
		expect(declared.has('user.create')).toBe(true);
	});
});

describe('vendor registry', () => {
	it('lists each vendor under its own id', () => {
		expect(VENDORS.map((vendor) => vendor.id)).toEqual(VENDOR_IDS);
		expect(new Set(VENDOR_IDS).size).toBe(VENDOR_IDS.length);
	});

	it('lists each webhook definition under its own vendor id', () => {
		expect(WEBHOOK_VENDORS.map((webhooks) => webhooks.id)).toEqual(WEBHOOK_VENDOR_IDS);
		for (const webhooks of WEBHOOK_VENDORS) {
			expect(VENDORS.find((vendor) => vendor.id === webhooks.id)?.name).toBe(webhooks.name);
		}
	});
});
