import { credentialFingerprint, pacerFor } from '../../../nodes/shared/n8n/connect';
import { learnWorldsVendor } from '../../../nodes/shared/vendors/learnworlds/definition';
import { talentLmsVendor } from '../../../nodes/shared/vendors/talentlms/definition';

// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- made-up keys
const credentials = { domain: 'acme', apiKey: 'tlms-key-0123456789abcdef' };

describe('one pace per credential per process', () => {
	it('gives every execution, poll and search on one credential the same pace', () => {
		const first = pacerFor(talentLmsVendor, { ...credentials });
		expect(pacerFor(talentLmsVendor, { ...credentials })).toBe(first);
		// Another account, another pace.
		expect(pacerFor(talentLmsVendor, { ...credentials, apiKey: 'another-key-42' })).not.toBe(first);
		expect(pacerFor(talentLmsVendor, { ...credentials, domain: 'other' })).not.toBe(first);
	});

	it('keeps the pace when the credential refreshes its token', () => {
		const base = { schoolUrl: 'https://acme.learnworlds.com', clientId: 'c', clientSecret: 's' };
		const before = pacerFor(learnWorldsVendor, { ...base, accessToken: 'token-1' });
		expect(pacerFor(learnWorldsVendor, { ...base, accessToken: 'token-2' })).toBe(before);
	});

	it('keys by a hash that contains no credential value', () => {
		const key = credentialFingerprint(credentials);
		expect(key).toMatch(/^[0-9a-f]{32}$/);
		expect(key).not.toContain(credentials.apiKey);
		expect(credentialFingerprint({ apiKey: credentials.apiKey, domain: 'acme' })).toBe(key);
	});
});
