/**
 * What a roster sync saves on LearnWorlds (30 calls per 10 s): a user it has just listed is
 * renamed, suspended, reactivated and tagged with the write alone, no GET /users/{id} first.
 */
import { toUser } from '../../../../nodes/shared/vendors/learnworlds/mapping';
import { API, api, installNock, learnWorlds, tokenEndpoint, userRecord } from './helpers';

installNock();
beforeEach(() => tokenEndpoint());

const listed = (extra: Record<string, unknown> = {}) => toUser(userRecord('u1', extra))!;
const ref = { by: 'id', value: 'u1' } as const;

describe('writes for a user the caller already has', () => {
	it('updateUser sends only the PUT, with only the changed field', async () => {
		api()
			.put(`${API}/users/u1`, { fields: { company: 'King' } })
			.reply(200, userRecord('u1', { fields: { company: 'King' } }));
		const { adapter } = learnWorlds();
		const result = await adapter.updateUser(ref, { customFields: { company: 'King' } }, listed());
		expect(result).toMatchObject({
			action: 'updated',
			user: { raw: { fields: { company: 'King' } } },
		});
	});

	it('updateUser with names only makes no call: LearnWorlds stores no names', async () => {
		const { adapter } = learnWorlds();
		const result = await adapter.updateUser(ref, { firstName: 'Ada', lastName: 'King' }, listed());
		expect(result.action).toBe('unchanged');
	});

	it('suspend and reactivate send only their PUT', async () => {
		api()
			.put(`${API}/users/u1/suspend`)
			.reply(200, userRecord('u1', { is_suspended: true }))
			.put(`${API}/users/u1/unsuspend`)
			.reply(200, userRecord('u1'));
		const { adapter } = learnWorlds();
		expect((await adapter.suspendUser(ref, listed())).action).toBe('suspended');
		expect((await adapter.reactivateUser(ref, listed({ is_suspended: true }))).action).toBe(
			'reactivated',
		);
	});

	it('tags: attach only the missing ones, detach only the present ones, one PUT each', async () => {
		api()
			.put(`${API}/users/u1/tags`, { tags: ['emea'], action: 'attach' })
			.reply(200, userRecord('u1', { tags: ['sales', 'emea'] }))
			.put(`${API}/users/u1/tags`, { tags: ['sales'], action: 'detach' })
			.reply(200, userRecord('u1', { tags: ['emea'] }));
		const { adapter } = learnWorlds();
		const added = await adapter.addTags(ref, ['sales', 'emea'], listed({ tags: ['sales'] }));
		expect(added).toMatchObject({ action: 'tagged', changed: ['emea'] });
		const removed = await adapter.removeTags(
			ref,
			['sales', 'apac'],
			listed({ tags: ['sales', 'emea'] }),
		);
		expect(removed).toMatchObject({ action: 'untagged', changed: ['sales'], tags: ['emea'] });
	});

	it('without a known user, a suspend reads the user first', async () => {
		api()
			.get(`${API}/users/u1`)
			.query({ include_suspended: 'true' })
			.reply(200, userRecord('u1', { is_suspended: true }));
		const { adapter } = learnWorlds();
		expect((await adapter.suspendUser(ref)).action).toBe('alreadySuspended');
	});
});
