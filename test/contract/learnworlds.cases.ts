/**
 * Contract cases shared by the LearnWorlds and Grow suites: every operation and trigger event
 * their nodes offer, through n8n-core's engine, against the simulator that validates each request
 * against LearnWorlds' OpenAPI description of API v2 (docs/vendor-specs/), with Grow's overlay of
 * what Plenum's provisioning guide spells differently. Any violation fails the case.
 */
import type { INodeType } from 'n8n-workflow';

import { GrowApi } from '../../credentials/GrowApi.credentials';
import { LearnWorldsApi } from '../../credentials/LearnWorldsApi.credentials';
import { Grow } from '../../nodes/Grow/Grow.node';
import { GrowTrigger } from '../../nodes/Grow/GrowTrigger.node';
import { LearnWorlds } from '../../nodes/LearnWorlds/LearnWorlds.node';
import { LearnWorldsTrigger } from '../../nodes/LearnWorlds/LearnWorldsTrigger.node';
import { learnWorldsVendor } from '../../nodes/shared/vendors/learnworlds';
import { growVendor } from '../../nodes/shared/vendors/grow';
import { rosterParameters } from '../workflows/roster/scenario';
import { contractSuite, type ActionCase, type ContractContext } from './harness';

interface State {
	users: Array<{ id: string; email: string; is_suspended: boolean; role: { level: string } }>;
	courses: Array<{ id: string }>;
	bundles: Array<{ id: string }>;
	groups: Array<{ id: string; title: string; members: string[] }>;
	seats: Array<{ id: string; members: string[] }>;
}

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });
const byId = (value: string) => rl('id', value);
const byEmail = rl('email', '={{ $json.email }}');
const state = (ctx: ContractContext) => ctx.state<State>();
/** Seeded users: even indexes hold a course enrollment, index 9 is suspended, 0 is the admin. */
const userAt = (ctx: ContractContext, index: number) => state(ctx).users[index];

const KINDS = {
	learnworlds: {
		vendor: learnWorldsVendor,
		type: 'n8n-nodes-lms-provisioning.learnWorlds',
		triggerType: 'n8n-nodes-lms-provisioning.learnWorldsTrigger',
		node: LearnWorlds as new () => INodeType,
		trigger: LearnWorldsTrigger as new () => INodeType,
		credential: LearnWorldsApi,
		credentialType: 'learnWorldsApi',
		container: 'subscription',
		containerId: 'subscription-1',
	},
	grow: {
		vendor: growVendor,
		type: 'n8n-nodes-lms-provisioning.grow',
		triggerType: 'n8n-nodes-lms-provisioning.growTrigger',
		node: Grow as new () => INodeType,
		trigger: GrowTrigger as new () => INodeType,
		credential: GrowApi,
		credentialType: 'growApi',
		container: 'program',
		containerId: 'program-1',
	},
};

export function learnWorldsContractSuite(kind: keyof typeof KINDS): void {
	const k = KINDS[kind];
	const course = (ctx: ContractContext, index: number) => state(ctx).courses[index].id;
	const actions: Record<string, ActionCase | ActionCase[]> = {
		'user.create': [
			{
				name: 'names are not sent; profile and custom fields go in fields',
				parameters: {
					email: '={{ $json.email }}',
					firstName: 'Con',
					lastName: 'Tract',
					additionalFields: {
						username: 'Con Tract',
						tags: 'contract, n8n',
						customFields: {
							field: [
								{ key: 'company', value: 'Acme' },
								{ key: 'cf_department', value: 'Sales' },
							],
						},
					},
				},
				input: [{ email: 'contract.user@example.com' }],
				check: (items) =>
					expect(items[0].json).toMatchObject({ action: 'created', username: 'Con Tract' }),
			},
			{
				name: 'with a password',
				parameters: {
					email: '={{ $json.email }}',
					firstName: 'Pass',
					lastName: 'Word',
					additionalFields: { password: 'Pw-contract-1' },
				},
				input: [{ email: 'with.password@example.com' }],
			},
		],
		'user.findOrCreate': {
			parameters: { email: '={{ $json.email }}', firstName: 'F', lastName: 'C' },
			input: (ctx) => [{ email: userAt(ctx, 2).email }, { email: 'found.or.new@example.com' }],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['found', 'created']),
		},
		'user.get': [
			{
				name: 'by email',
				parameters: { user: byEmail },
				input: (ctx) => [{ email: userAt(ctx, 1).email }],
			},
			{
				name: 'by id',
				parameters: { user: byId('={{ $json.id }}') },
				input: (ctx) => [{ id: userAt(ctx, 9).id }],
			},
		],
		'user.getMany': [
			{
				name: 'suspended, with the documented status value',
				parameters: { returnAll: true, filters: { status: 'suspended' } },
				check: (items) => expect(items.length).toBeGreaterThan(0),
			},
			{
				name: 'by tag and registration time',
				parameters: {
					returnAll: true,
					filters: { tags: 'sales', registeredAfter: '2020-01-01T00:00:00Z' },
				},
			},
		],
		'user.update': {
			parameters: {
				user: byId('={{ $json.id }}'),
				updateFields: {
					email: 'renamed.contract@example.com',
					username: 'Renamed',
					customFields: { field: [{ key: 'location', value: 'Oslo' }] },
				},
			},
			input: (ctx) => [{ id: userAt(ctx, 3).id }],
			check: (items) => expect(items[0].json.action).toBe('updated'),
		},
		'user.suspend': {
			parameters: { user: byEmail },
			input: (ctx) => [{ email: userAt(ctx, 4).email }],
			check: (items) => expect(items[0].json.action).toBe('suspended'),
		},
		'user.reactivate': {
			parameters: { user: byId('={{ $json.id }}') },
			input: (ctx) => [{ id: userAt(ctx, 9).id }],
			check: (items) => expect(items[0].json.action).toBe('reactivated'),
		},
		'enrollment.enroll': [
			{
				name: 'a course, twice',
				parameters: { user: byEmail, productType: 'course', course: byId('={{ $json.course }}') },
				input: (ctx) => [
					{ email: userAt(ctx, 1).email, course: course(ctx, 1) },
					{ email: userAt(ctx, 1).email, course: course(ctx, 1) },
				],
				check: (items) =>
					expect(items.map((i) => i.json.action)).toEqual(['enrolled', 'alreadyEnrolled']),
			},
			...['bundle', k.container].map((productType) => ({
				name: `a ${productType}, with price, justification and no email`,
				parameters: {
					user: byId('={{ $json.id }}'),
					productType,
					productId: byId('={{ $json.product }}'),
					enrollOptions: { price: 5, justification: 'Contract', sendEmail: false },
				},
				input: (ctx: ContractContext) => [
					{
						id: userAt(ctx, 3).id,
						product: productType === 'bundle' ? state(ctx).bundles[0].id : k.containerId,
					},
				],
			})),
		],
		'enrollment.unenroll': {
			parameters: { user: byEmail, productType: 'course', course: byId('={{ $json.course }}') },
			input: (ctx) => [
				{ email: userAt(ctx, 0).email, course: course(ctx, 0) },
				{ email: userAt(ctx, 0).email, course: course(ctx, 0) },
			],
			check: (items) =>
				expect(items.map((i) => i.json.action)).toEqual(['unenrolled', 'notEnrolled']),
		},
		'enrollment.getMany': {
			parameters: { user: byEmail, status: '', returnAll: true },
			input: (ctx) => [{ email: userAt(ctx, 0).email }],
			check: (items) => expect(items.length).toBeGreaterThan(0),
		},
		'enrollment.getProgress': {
			parameters: { user: byEmail, course: byId('={{ $json.course }}') },
			input: (ctx) => [{ email: userAt(ctx, 2).email, course: course(ctx, 2) }],
		},
		'group.create': {
			parameters: { groupName: '={{ $json.name }}' },
			input: [{ name: 'Group 1' }, { name: 'Contract Group' }],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['found', 'created']),
		},
		'group.getMany': { parameters: { returnAll: true } },
		'group.getForUser': {
			parameters: { user: byEmail },
			input: (ctx) => [{ email: userAt(ctx, 0).email }],
			check: (items) => expect(items.length).toBeGreaterThan(0),
		},
		'group.addUser': {
			parameters: { user: byEmail, group: byId('={{ $json.group }}') },
			input: (ctx) => [
				{ email: userAt(ctx, 1).email, group: state(ctx).groups[0].id },
				{ email: userAt(ctx, 1).email, group: state(ctx).groups[0].id },
			],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['added', 'alreadyMember']),
		},
		'group.removeUser': {
			parameters: { user: byId('={{ $json.id }}'), group: byId('={{ $json.group }}') },
			input: (ctx) => [
				{ id: userAt(ctx, 0).id, group: state(ctx).groups[0].id },
				{ id: userAt(ctx, 0).id, group: state(ctx).groups[0].id },
			],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['removed', 'notMember']),
		},
		'tag.add': {
			parameters: { user: byEmail, tags: 'contract, n8n' },
			input: (ctx) => [{ email: userAt(ctx, 5).email }],
		},
		'tag.remove': {
			parameters: { user: byEmail, tags: 'sales, emea' },
			input: (ctx) =>
				state(ctx)
					.users.slice(0, 6)
					.map((user) => ({ email: user.email })),
		},
		'role.get': {
			parameters: { user: byId('={{ $json.id }}') },
			input: (ctx) => [{ id: userAt(ctx, 1).id }],
			check: (items) =>
				expect(items[0].json).toMatchObject({ action: 'found', role: 'Instructor' }),
		},
		'role.update': {
			parameters: { user: byEmail, role: 'reporter' },
			input: (ctx) => [{ email: userAt(ctx, 6).email }, { email: userAt(ctx, 6).email }],
			check: (items, ctx) => {
				expect(items.map((i) => i.json.action)).toEqual(['updated', 'unchanged']);
				expect(userAt(ctx, 6).role.level).toBe('reporter');
			},
		},
		'seat.getMany': { parameters: { returnAll: true } },
		'seat.addUser': {
			parameters: {
				user: byEmail,
				seat: byId('={{ $json.seat }}'),
				addToActiveSeat: true,
			},
			input: (ctx) => [{ email: userAt(ctx, 8).email, seat: state(ctx).seats[0].id }],
		},
		'seat.removeUser': {
			parameters: { user: byEmail, seat: byId('={{ $json.seat }}') },
			input: (ctx) => [{ email: userAt(ctx, 7).email, seat: state(ctx).seats[1].id }],
		},
		'course.getMany': { parameters: { returnAll: true } },
		'completion.getMany': {
			parameters: { since: '={{ $json.since }}', course: byId(''), returnAll: true },
			before: (ctx) =>
				ctx.control('completeCourse', {
					userId: userAt(ctx, 2).id,
					courseId: course(ctx, 2),
					score: 80,
					at: Date.now() - 60_000,
				}),
			input: () => [{ since: new Date(Date.now() - 3_600_000).toISOString() }],
			check: (items) => expect(items[0].json).toMatchObject({ score: 80 }),
		},
		'roster.sync': {
			parameters: rosterParameters({}),
			input: (ctx) => [
				{
					email: 'roster.new@example.com',
					firstName: 'Ros',
					lastName: 'Ter',
					active: true,
					courses: [course(ctx, 1)],
					groups: [state(ctx).groups[1].id],
				},
				{
					email: userAt(ctx, 1).email,
					firstName: 'Renamed',
					lastName: 'ByRoster',
					active: true,
					courses: [course(ctx, 1)],
					groups: [],
				},
				{ email: userAt(ctx, 2).email, firstName: 'X', lastName: 'Y', active: false },
			],
			check: (items) => {
				expect(items.filter((i) => i.json.status === 'failed').map((i) => i.json)).toEqual([]);
				// Names are not stored, so they are no reason to update.
				expect(items.filter((i) => i.json.action === 'update')).toEqual([]);
			},
		},
	};
	if (kind === 'grow') {
		actions['enrollment.bulkEnroll'] = {
			parameters: { user: byEmail, productType: 'course', course: byId('={{ $json.course }}') },
			input: (ctx) => [
				{ email: userAt(ctx, 1).email, course: course(ctx, 1) },
				{ email: userAt(ctx, 0).email, course: course(ctx, 0) },
			],
		};
	}

	contractSuite({
		vendor: k.vendor,
		simulator: kind,
		action: { type: k.type, node: k.node },
		trigger: { type: k.triggerType, node: k.trigger },
		credentialTypes: [k.credential],
		credentials: (sb) => ({
			[k.credentialType]: {
				schoolUrl: sb.urls[kind],
				clientId: sb.simulators[kind]!.credentials.clientId,
				clientSecret: sb.simulators[kind]!.credentials.clientSecret,
				...(kind === 'grow' ? { requestsPerSecond: 100 } : {}),
			},
		}),
		seed: { users: 12, courses: 3, groups: 2, completions: 2 },
		actions,
		triggers: {
			courseCompleted: {
				parameters: { course: byId(''), options: {} },
				happen: (ctx) =>
					ctx.control('completeCourse', { userId: userAt(ctx, 3).id, courseId: course(ctx, 0) }),
			},
			userCreated: {
				parameters: { course: byId(''), options: {} },
				happen: async (ctx) => {
					const sim = ctx.sb.simulators[kind]!;
					const token = await fetch(`${ctx.sb.urls[kind]}/admin/api/oauth2/access_token`, {
						method: 'POST',
						headers: {
							'content-type': 'application/x-www-form-urlencoded',
							[kind === 'grow' ? 'Pl-Client' : 'Lw-Client']: sim.credentials.clientId,
						},
						body: new URLSearchParams({
							client_id: sim.credentials.clientId,
							client_secret: sim.credentials.clientSecret,
							grant_type: 'client_credentials',
						}).toString(),
					}).then((r) => r.json() as Promise<{ tokenData: { access_token: string } }>);
					const res = await fetch(`${ctx.sb.urls[kind]}/admin/api/v2/users`, {
						method: 'POST',
						headers: {
							'content-type': 'application/json',
							authorization: `Bearer ${token.tokenData.access_token}`,
							[kind === 'grow' ? 'Pl-Client' : 'Lw-Client']: sim.credentials.clientId,
						},
						body: JSON.stringify({ email: 'trigger.new@example.com', username: 'trigger' }),
					});
					expect(res.status).toBe(201);
				},
			},
			userEnrolled: {
				parameters: { course: byId(''), options: {} },
				happen: (ctx) =>
					ctx.control('completeCourse', { userId: userAt(ctx, 5).id, courseId: course(ctx, 2) }),
			},
		},
	});
}
