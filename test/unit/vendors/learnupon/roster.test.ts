/**
 * What a roster sync saves on LearnUpon: a user it has just listed is changed with the PUT
 * alone (no GET /users/{id} first), and still only with the fields that differ.
 */
import nock from 'nock';

import { ManualClock } from '../../../support/manualClock';
import { LearnUponAdapter, readSettings } from '../../../../nodes/shared/vendors/learnupon';
import { standaloneAuthorizer } from '../../../../nodes/shared/vendors/learnupon/standalone';
import { toUser } from '../../../../nodes/shared/vendors/learnupon/mapping';
import { AxiosTransport } from '../../../../sandbox/client/axiosTransport';

const PORTAL = 'https://acme.learnupon.com';
// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- a made-up password for nock
const creds = { portal: 'acme', username: 'api-user', password: 'lu-api-password-4711' };

const adapter = () =>
	new LearnUponAdapter(
		readSettings(creds),
		new AxiosTransport(standaloneAuthorizer(creds)),
		new ManualClock(Date.UTC(2026, 0, 5)),
	);
const listed = (extra: Record<string, unknown> = {}) =>
	toUser({
		id: 12,
		email: 'ada@example.com',
		first_name: 'Ada',
		last_name: 'Lovelace',
		user_type: 'learner',
		enabled: true,
		...extra,
	});

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
	const pending = nock.pendingMocks();
	nock.cleanAll();
	nock.enableNetConnect();
	expect(pending).toEqual([]);
});

describe('changes to a user the caller already has', () => {
	it('updateUser sends only the PUT with the changed field', async () => {
		nock(`${PORTAL}/api/v1`)
			.put('/users/12', { User: { last_name: 'King' } })
			.reply(200, { user: [{ id: 12, email: 'ada@example.com', last_name: 'King' }] });
		const result = await adapter().updateUser(
			{ by: 'id', value: '12' },
			{ firstName: 'Ada', lastName: 'King' },
			listed(),
		);
		expect(result).toMatchObject({ action: 'updated', user: { lastName: 'King' } });
	});

	it('an update that changes nothing makes no call at all', async () => {
		const result = await adapter().updateUser(
			{ by: 'id', value: '12' },
			{ lastName: 'Lovelace' },
			listed(),
		);
		expect(result.action).toBe('unchanged');
	});

	it('suspend and reactivate send only the PUT of enabled', async () => {
		nock(`${PORTAL}/api/v1`)
			.put('/users/12', { User: { enabled: false } })
			.reply(200, { user: [{ id: 12, email: 'ada@example.com', enabled: false }] })
			.put('/users/12', { User: { enabled: true } })
			.reply(200, { user: [{ id: 12, email: 'ada@example.com', enabled: true }] });
		const ref = { by: 'id', value: '12' } as const;
		expect((await adapter().suspendUser(ref, listed())).action).toBe('suspended');
		expect((await adapter().reactivateUser(ref, listed({ enabled: false }))).action).toBe(
			'reactivated',
		);
	});

	it('without a known user, updateUser reads the user first', async () => {
		nock(`${PORTAL}/api/v1`)
			.get('/users/12')
			.reply(200, { user: [{ id: 12, email: 'ada@example.com', last_name: 'King' }] });
		const result = await adapter().updateUser({ by: 'id', value: '12' }, { lastName: 'King' });
		expect(result.action).toBe('unchanged');
	});
});
