/**
 * Every operation and trigger event the Learning Pool nodes offer, through n8n-core's engine,
 * against the simulator of the endpoint map's defaults. Learning Pool publishes no paths or
 * payloads, so every rule checked here is a guess (each refusal is marked `guess: true`); what
 * this suite guarantees is that the adapter stays inside the map the README tells customers to
 * check against their own collection.
 */
import { LearningPoolApi } from '../../credentials/LearningPoolApi.credentials';
import { LearningPool } from '../../nodes/LearningPool/LearningPool.node';
import { LearningPoolTrigger } from '../../nodes/LearningPool/LearningPoolTrigger.node';
import { learningPoolVendor } from '../../nodes/shared/vendors/learningpool';
import { rosterParameters } from '../workflows/roster/scenario';
import { contractSuite, type ContractContext } from './harness';

jest.setTimeout(60_000);

const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const byEmail = { __rl: true, mode: 'email', value: '={{ $json.email }}' };
interface State {
	users: Array<{ id: number; email: string; tags: string[] }>;
}
/** Seeded users 1001…: 1001 is enrolled in course 501 and in group 201; 1010 is suspended. */
const email = (ctx: ContractContext, id: number) =>
	ctx.state<State>().users.find((u) => u.id === id)!.email;
const complete = (ctx: ContractContext, userId: number, courseId: number, at = Date.now()) =>
	ctx.control('completeCourse', { userId, courseId, at });

contractSuite({
	vendor: learningPoolVendor,
	simulator: 'learningpool',
	action: { type: 'n8n-nodes-lms-provisioning.learningPool', node: LearningPool },
	trigger: { type: 'n8n-nodes-lms-provisioning.learningPoolTrigger', node: LearningPoolTrigger },
	credentialTypes: [LearningPoolApi],
	credentials: (sb) => ({
		learningPoolApi: {
			baseUrl: sb.urls.learningpool,
			clientId: sb.simulators.learningpool!.credentials.clientId,
			clientSecret: sb.simulators.learningpool!.credentials.clientSecret,
			tokenUrlPath: '/oauth/token',
			requestsPerSecond: 50,
		},
	}),
	seed: { users: 12, courses: 3, groups: 2, completions: 2 },
	actions: {
		'user.create': {
			parameters: {
				email: '={{ $json.email }}',
				firstName: 'Con',
				lastName: 'Tract',
				additionalFields: {
					username: 'contract.user',
					customFields: { field: [{ key: 'department', value: 'Sales' }] },
				},
			},
			input: [{ email: 'new.contract@example.com' }],
			check: (items) => expect(items[0].json.action).toBe('created'),
		},
		'user.findOrCreate': {
			parameters: { email: '={{ $json.email }}', firstName: 'Con', lastName: 'Tract' },
			input: (ctx) => [{ email: email(ctx, 1002) }, { email: 'found.or.new@example.com' }],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['found', 'created']),
		},
		'user.get': [
			{ name: 'by id', parameters: { user: byId(1003) } },
			{
				name: 'by email',
				parameters: { user: byEmail },
				input: (ctx) => [{ email: email(ctx, 1003) }],
			},
		],
		'user.getMany': { parameters: { returnAll: true } },
		'user.update': {
			parameters: {
				user: byId(1004),
				updateFields: { firstName: 'Renamed', email: 'renamed.contract@example.com' },
			},
			check: (items) => expect(items[0].json.action).toBe('updated'),
		},
		'user.suspend': {
			parameters: { user: byId(1005) },
			check: (items) => expect(items[0].json.action).toBe('suspended'),
		},
		'user.reactivate': {
			parameters: { user: byId(1010) },
			check: (items) => expect(items[0].json.action).toBe('reactivated'),
		},
		'enrollment.enroll': {
			parameters: { user: byEmail, course: byId(502) },
			input: (ctx) => [{ email: email(ctx, 1002) }, { email: email(ctx, 1002) }],
			check: (items) =>
				expect(items.map((i) => i.json.action)).toEqual(['enrolled', 'alreadyEnrolled']),
		},
		'enrollment.unenroll': {
			parameters: { user: byId(1001), course: byId(501) },
			check: (items) => expect(items[0].json.action).toBe('unenrolled'),
		},
		'enrollment.getMany': { parameters: { user: byId(1001), returnAll: true } },
		'enrollment.getProgress': {
			parameters: { user: byId(1001), course: byId(501) },
			check: (items) => expect(items[0].json).toMatchObject({ enrolled: true }),
		},
		'group.addUser': {
			parameters: { user: byId(1002), group: byId(202) },
			check: (items) => expect(items[0].json.action).toBe('added'),
		},
		'group.removeUser': {
			parameters: { user: byId(1001), group: byId(201) },
			input: [{}, {}],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['removed', 'notMember']),
		},
		'group.getMany': { parameters: { returnAll: true } },
		'tag.add': {
			parameters: { user: byId(1003), tags: 'contract, emea' },
			check: (items) => expect(items[0].json.action).toBe('tagged'),
		},
		'tag.remove': {
			name: "a seeded user's tag",
			parameters: { user: byId('={{ $json.id }}'), tags: '={{ $json.tag }}' },
			input: (ctx) => {
				const tagged = ctx.state<State>().users.find((u) => u.tags.length > 0)!;
				return [{ id: tagged.id, tag: tagged.tags[0] }];
			},
			check: (items) => expect(items[0].json.action).toBe('untagged'),
		},
		'course.getMany': { parameters: { returnAll: true } },
		'completion.getMany': {
			parameters: {
				since: '={{ $json.since }}',
				course: { __rl: true, mode: 'id', value: '' },
				returnAll: true,
			},
			before: (ctx) => complete(ctx, 1002, 503, Date.now() - 60_000),
			input: () => [{ since: new Date(Date.now() - 3_600_000).toISOString() }],
			check: (items) => expect(items.length).toBeGreaterThan(0),
		},
		'roster.sync': {
			parameters: rosterParameters({}, true),
			input: (ctx) => [
				{
					email: 'roster.new@example.com',
					firstName: 'Ros',
					lastName: 'Ter',
					active: true,
					courses: ['502'],
					groups: ['202'],
					tags: ['roster'],
				},
				{ email: email(ctx, 1002), firstName: 'Renamed', lastName: 'ByRoster', active: true },
				{ email: email(ctx, 1003), firstName: 'X', lastName: 'Y', active: false },
			],
		},
	},
	triggers: {
		courseCompleted: {
			parameters: { course: { __rl: true, mode: 'id', value: '' }, options: {} },
			happen: (ctx) => complete(ctx, 1004, 502),
		},
	},
});
