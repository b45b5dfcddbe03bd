/**
 * Every operation and trigger event the TalentLMS nodes offer, through n8n-core's engine, against
 * the simulator that holds requests to TalentLMS's API v1 documentation (docs/talentlms.md:
 * path-segment GET parameters, form-encoded POSTs, the signup's required fields, documented
 * methods and values). Any request it refuses as a contract breach fails the case.
 */
import { TalentLmsApi } from '../../credentials/TalentLmsApi.credentials';
import { TalentLms } from '../../nodes/TalentLms/TalentLms.node';
import { TalentLmsTrigger } from '../../nodes/TalentLms/TalentLmsTrigger.node';
import { talentLmsVendor } from '../../nodes/shared/vendors/talentlms';
import { TALENTLMS_API_KEY, type TalentLmsSimulator } from '../../sandbox/talentlms/simulator';
import { rosterParameters } from '../workflows/roster/scenario';
import { contractSuite, type ContractContext } from './harness';

jest.setTimeout(60_000);

const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const byEmail = { __rl: true, mode: 'email', value: '={{ $json.email }}' };
const sim = (ctx: ContractContext) => ctx.sb.simulators.talentlms as TalentLmsSimulator;
interface State {
	users: Array<{ id: string; email: string; status: string; groups: string[] }>;
}
/**
 * Seeded users: id 1 is the SuperAdmin; odd ids are enrolled (id 1 in course 1, id 3 in course 3);
 * id 4 is in group 2; id 10 is inactive.
 */
const user = (ctx: ContractContext, id: number) => ctx.state<State>().users[id - 1];

contractSuite({
	vendor: talentLmsVendor,
	simulator: 'talentlms',
	action: { type: 'n8n-nodes-lms-provisioning.talentLms', node: TalentLms },
	trigger: { type: 'n8n-nodes-lms-provisioning.talentLmsTrigger', node: TalentLmsTrigger },
	credentialTypes: [TalentLmsApi],
	credentials: (sb) => ({ talentLmsApi: { domain: sb.urls.talentlms, apiKey: TALENTLMS_API_KEY } }),
	seed: { users: 12, courses: 3, groups: 2, completions: 2 },
	actions: {
		'user.create': [
			{
				name: 'no password: a generated one is sent',
				parameters: { email: '={{ $json.email }}', firstName: 'Con', lastName: 'Tract' },
				input: [{ email: 'sso.contract@example.com' }],
				check: (items) => expect(items[0].json.action).toBe('created'),
			},
			{
				name: 'with login, password and a custom field',
				parameters: {
					email: '={{ $json.email }}',
					firstName: 'Con',
					lastName: 'Tract',
					additionalFields: {
						username: 'contract.login',
						password: 'Pw-contract-1',
						customFields: { field: [{ key: 'custom_field_1', value: 'Sales' }] },
					},
				},
				input: [{ email: 'full.contract@example.com' }],
			},
		],
		'user.findOrCreate': {
			parameters: { email: '={{ $json.email }}', firstName: 'Con', lastName: 'Tract' },
			input: (ctx) => [{ email: user(ctx, 2).email }, { email: 'found.or.new@example.com' }],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['found', 'created']),
		},
		'user.get': [
			{
				name: 'by email',
				parameters: { user: byEmail },
				input: (ctx) => [{ email: user(ctx, 2).email }],
			},
			{ name: 'by id', parameters: { user: byId(3) } },
		],
		'user.getMany': [
			{ name: 'all', parameters: { returnAll: true } },
			{ name: 'a page', parameters: { returnAll: false, limit: 5 } },
		],
		'user.update': {
			parameters: {
				user: byId(4),
				updateFields: {
					firstName: 'Renamed',
					email: 'renamed.contract@example.com',
					password: 'New-password-1',
				},
			},
			check: (items) => expect(items[0].json.action).toBe('updated'),
		},
		'user.suspend': {
			parameters: { user: byId(5) },
			check: (items) => expect(items[0].json.action).toBe('suspended'),
		},
		'user.reactivate': {
			parameters: { user: byId(10) },
			check: (items) => expect(items[0].json.action).toBe('reactivated'),
		},
		'user.delete': {
			parameters: { user: byEmail },
			input: (ctx) => [{ email: user(ctx, 6).email }],
			check: (items) => expect(items[0].json.action).toBe('deleted'),
		},
		'enrollment.enroll': [
			{
				name: 'by id as instructor',
				parameters: { user: byId(2), course: byId(3), enrollOptions: { role: 'instructor' } },
				check: (items) => expect(items[0].json.action).toBe('enrolled'),
			},
			{
				name: 'by email, twice: alreadyEnrolled',
				parameters: { user: byEmail, course: byId(2) },
				input: (ctx) => [{ email: user(ctx, 4).email }, { email: user(ctx, 4).email }],
				check: (items) =>
					expect(items.map((i) => i.json.action)).toEqual(['enrolled', 'alreadyEnrolled']),
			},
		],
		'enrollment.unenroll': {
			parameters: { user: byEmail, course: byId(1) },
			input: (ctx) => [{ email: user(ctx, 1).email }, { email: user(ctx, 1).email }],
			check: (items) =>
				expect(items.map((i) => i.json.action)).toEqual(['unenrolled', 'notEnrolled']),
		},
		'enrollment.getMany': { parameters: { user: byId(3), returnAll: true } },
		'enrollment.getProgress': {
			parameters: { user: byId(3), course: byId(3) },
			check: (items) => expect(items[0].json).toMatchObject({ enrolled: true }),
		},
		'enrollment.getManyForCourse': {
			parameters: { course: byId(1), status: '', returnAll: true },
		},
		'group.addUser': {
			parameters: { user: byId(2), group: byId(2) },
			check: (items) => expect(items[0].json.action).toBe('added'),
		},
		'group.removeUser': {
			parameters: { user: byEmail, group: byId(2) },
			input: (ctx) => [{ email: user(ctx, 4).email }, { email: user(ctx, 4).email }],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['removed', 'notMember']),
		},
		'group.getMany': { parameters: { returnAll: true } },
		'group.getForUser': { parameters: { user: byId(4) } },
		'course.getMany': { parameters: { returnAll: true } },
		'completion.getMany': {
			parameters: {
				since: '={{ $json.since }}',
				course: { __rl: true, mode: 'id', value: '' },
				returnAll: true,
			},
			before: (ctx) => sim(ctx).completeCourse(3, 2, Date.now() - 60_000),
			input: () => [{ since: new Date(Date.now() - 3_600_000).toISOString() }],
			check: (items) => expect(items.length).toBeGreaterThan(0),
		},
		'roster.sync': {
			parameters: rosterParameters({}),
			input: (ctx) => [
				{
					email: 'roster.new@example.com',
					firstName: 'Ros',
					lastName: 'Ter',
					active: true,
					courses: ['2'],
					groups: ['2'],
				},
				{ email: user(ctx, 2).email, firstName: 'Renamed', lastName: 'ByRoster', active: true },
				{ email: user(ctx, 3).email, firstName: 'X', lastName: 'Y', active: false },
			],
		},
	},
	triggers: {
		courseCompleted: {
			parameters: { course: { __rl: true, mode: 'list', value: '' } },
			happen: (ctx) => sim(ctx).completeCourse(5, 3, Date.now()),
		},
		userCreated: {
			happen: async (ctx) => {
				const res = await fetch(`${ctx.sb.urls.talentlms}/api/v1/usersignup`, {
					method: 'POST',
					headers: {
						authorization: 'Basic ' + Buffer.from(`${TALENTLMS_API_KEY}:`).toString('base64'),
						'content-type': 'application/x-www-form-urlencoded',
					},
					body: new URLSearchParams({
						first_name: 'New',
						last_name: 'Hire',
						email: 'new.hire@example.com',
						login: 'new.hire',
						password: 'Pw-123456',
					}).toString(),
				});
				expect(res.status).toBe(200);
			},
		},
	},
});
