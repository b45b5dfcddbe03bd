/**
 * Every operation and trigger event the LearnUpon nodes offer, through n8n-core's engine, against
 * the simulator that holds requests to LearnUpon's documentation (docs.learnupon.com/api). Any
 * request the documentation refuses (or does not cover) fails the case.
 */
import type { INodeParameters } from 'n8n-workflow';

import { LearnUponApi } from '../../credentials/LearnUponApi.credentials';
import { LearnUpon } from '../../nodes/LearnUpon/LearnUpon.node';
import { LearnUponTrigger } from '../../nodes/LearnUpon/LearnUponTrigger.node';
import { learnUponVendor } from '../../nodes/shared/vendors/learnupon';
import {
	LEARNUPON_PASSWORD,
	LEARNUPON_USERNAME,
	type LearnUponSimulator,
} from '../../sandbox/learnupon/simulator';
import { rosterParameters } from '../workflows/roster/scenario';
import { contractSuite, type ContractContext } from './harness';

jest.setTimeout(60_000);

interface State {
	users: Array<{ id: number; email: string; enabled: boolean }>;
	enrollments: Array<{ id: number; user_id: number; course_id: number; status: string }>;
	groups: Array<{ id: number; title: string; course_ids: number[] }>;
	group_memberships: Array<{ group_id: number; user_id: number }>;
}

const byId = (value: string | number) => ({ __rl: true, mode: 'id', value: String(value) });
const byEmail = { __rl: true, mode: 'email', value: '={{ $json.email }}' };
const state = (ctx: ContractContext) => ctx.state<State>();
/** Seeded users: even indexes are enrolled in a course, odd ones are not; index 9 is disabled. */
const userAt = (ctx: ContractContext, index: number) => state(ctx).users[index];
const ruledGroup = (ctx: ContractContext) => state(ctx).groups.find((g) => g.course_ids.length)!;
const COURSE = 3002;

const newUser = (extra: INodeParameters = {}): INodeParameters => ({
	email: '={{ $json.email }}',
	firstName: 'Con',
	lastName: 'Tract',
	...extra,
});

contractSuite({
	vendor: learnUponVendor,
	simulator: 'learnupon',
	action: { type: 'n8n-nodes-lms-provisioning.learnUpon', node: LearnUpon },
	trigger: { type: 'n8n-nodes-lms-provisioning.learnUponTrigger', node: LearnUponTrigger },
	credentialTypes: [LearnUponApi],
	credentials: (sb) => ({
		learnUponApi: {
			portal: sb.urls.learnupon,
			username: LEARNUPON_USERNAME,
			password: LEARNUPON_PASSWORD,
			requestsPerSecond: 100,
		},
	}),
	seed: { users: 12, courses: 3, groups: 2, completions: 2 },
	actions: {
		'user.create': [
			{
				name: 'no password: a generated one is sent',
				parameters: newUser(),
				input: [{ email: 'sso.contract@example.com' }],
				check: (items) => expect(items[0].json).toMatchObject({ action: 'created' }),
			},
			{
				name: 'with password, username, role and custom data',
				parameters: newUser({
					additionalFields: {
						password: 'Pw-contract-1',
						username: 'contract.user',
						role: 'instructor',
						customFields: { field: [{ key: 'department', value: 'Sales' }] },
					},
				}),
				input: [{ email: 'full.contract@example.com' }],
			},
		],
		'user.findOrCreate': {
			parameters: newUser(),
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
				input: (ctx) => [{ id: userAt(ctx, 1).id }],
			},
		],
		'user.getMany': {
			parameters: { returnAll: true, filters: { status: 'suspended' } },
			check: (items) => expect(items.length).toBeGreaterThan(0),
		},
		'user.update': {
			parameters: {
				user: byId('={{ $json.id }}'),
				updateFields: {
					firstName: 'Renamed',
					lastName: 'Contract',
					email: 'renamed.contract@example.com',
					password: 'New-password-1',
				},
			},
			input: (ctx) => [{ id: userAt(ctx, 3).id }],
			check: (items) => expect(items[0].json.action).toBe('updated'),
		},
		'user.suspend': {
			parameters: { user: byId('={{ $json.id }}') },
			input: (ctx) => [{ id: userAt(ctx, 4).id }],
			check: (items) => expect(items[0].json.action).toBe('suspended'),
		},
		'user.reactivate': {
			parameters: { user: byId('={{ $json.id }}') },
			input: (ctx) => [{ id: userAt(ctx, 9).id }],
			check: (items) => expect(items[0].json.action).toBe('reactivated'),
		},
		'user.delete': {
			parameters: { user: byEmail },
			input: (ctx) => [{ email: userAt(ctx, 5).email }],
			check: (items) => expect(items[0].json.action).toBe('deleted'),
		},
		'enrollment.enroll': [
			{
				name: 'by id: the email is looked up and sent',
				parameters: {
					user: byId('={{ $json.id }}'),
					course: byId(COURSE),
					enrollOptions: { dueDate: '2026-09-30T00:00:00.000Z' },
				},
				input: (ctx) => [{ id: userAt(ctx, 1).id }],
				check: (items, ctx) => {
					expect(items[0].json).toMatchObject({
						action: 'enrolled',
						userId: String(userAt(ctx, 1).id),
					});
				},
			},
			{
				name: 'by email, twice: alreadyEnrolled',
				parameters: { user: byEmail, course: byId(COURSE) },
				input: (ctx) => [{ email: userAt(ctx, 3).email }, { email: userAt(ctx, 3).email }],
				check: (items) =>
					expect(items.map((i) => i.json.action)).toEqual(['enrolled', 'alreadyEnrolled']),
			},
			{
				name: 'a completed course again, with re-enroll',
				parameters: {
					user: byId('={{ $json.id }}'),
					course: byId('={{ $json.course }}'),
					enrollOptions: { reEnrollIfCompleted: true },
				},
				before: (ctx) =>
					(ctx.sb.simulators.learnupon as LearnUponSimulator).completeEnrollment({
						userId: userAt(ctx, 0).id,
						courseId: 3001,
					}),
				input: (ctx) => [{ id: userAt(ctx, 0).id, course: 3001 }],
				check: (items) => expect(items[0].json.action).toBe('enrolled'),
			},
		],
		'enrollment.unenroll': {
			name: 'an open and a completed enrollment',
			parameters: { user: byEmail, course: byId('={{ $json.course }}') },
			before: (ctx) =>
				(ctx.sb.simulators.learnupon as LearnUponSimulator).completeEnrollment({
					userId: userAt(ctx, 0).id,
					courseId: 3001,
				}),
			input: (ctx) => [
				{ email: userAt(ctx, 0).email, course: 3001 },
				{ email: userAt(ctx, 2).email, course: 3003 },
			],
			check: (items) =>
				expect(items.map((i) => i.json.action)).toEqual(['unenrolled', 'unenrolled']),
		},
		'enrollment.getMany': {
			parameters: { user: byEmail, returnAll: true },
			input: (ctx) => [{ email: userAt(ctx, 0).email }],
		},
		'enrollment.getProgress': {
			parameters: { user: byEmail, course: byId(3001) },
			input: (ctx) => [{ email: userAt(ctx, 0).email }],
			check: (items) => expect(items[0].json).toMatchObject({ enrolled: true }),
		},
		'enrollment.getManyForCourse': {
			parameters: { course: byId(3001), status: '', returnAll: true },
		},
		'enrollment.bulkEnroll': {
			parameters: { user: byEmail, course: byId('={{ $json.course }}') },
			input: (ctx) => [
				{ email: userAt(ctx, 1).email, course: COURSE },
				{ email: userAt(ctx, 3).email, course: COURSE },
				{ email: userAt(ctx, 0).email, course: 3001 },
			],
			check: (items) => {
				expect(items.map((i) => [i.json.ok, i.json.action])).toEqual([
					[true, 'enrolled'],
					[true, 'enrolled'],
					[true, 'alreadyEnrolled'],
				]);
				expect(items[0].json.job).toMatchObject({
					outcomeFrom: 'enrollments read after the job',
					status: 'completed',
				});
			},
		},
		'group.addUser': {
			parameters: { user: byId('={{ $json.id }}'), group: byId('={{ $json.group }}') },
			input: (ctx) => [{ id: userAt(ctx, 1).id, group: ruledGroup(ctx).id }],
			check: (items) => expect(items[0].json.action).toBe('added'),
		},
		'group.removeUser': {
			parameters: { user: byEmail, group: byId('={{ $json.group }}') },
			before: async (ctx) => {
				// Seeded memberships: none, so make one through the documented call first.
				const res = await fetch(`${ctx.sb.urls.learnupon}/api/v1/group_memberships`, {
					method: 'POST',
					headers: {
						authorization:
							'Basic ' +
							Buffer.from(`${LEARNUPON_USERNAME}:${LEARNUPON_PASSWORD}`).toString('base64'),
						'content-type': 'application/json',
					},
					body: JSON.stringify({
						GroupMembership: { group_id: ruledGroup(ctx).id, user_id: userAt(ctx, 1).id },
					}),
				});
				expect(res.status).toBe(201);
			},
			input: (ctx) => [
				{ email: userAt(ctx, 1).email, group: ruledGroup(ctx).id },
				{ email: userAt(ctx, 1).email, group: ruledGroup(ctx).id },
			],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['removed', 'notMember']),
		},
		'group.getMany': { parameters: { returnAll: true } },
		'group.getForUser': {
			parameters: { user: byEmail },
			input: (ctx) => [{ email: userAt(ctx, 0).email }],
		},
		'group.create': {
			parameters: { groupName: '={{ $json.name }}' },
			input: [{ name: 'Group 1' }, { name: 'Contract Group' }],
			check: (items) => expect(items.map((i) => i.json.action)).toEqual(['found', 'created']),
		},
		'course.getMany': { parameters: { returnAll: true } },
		'completion.getMany': {
			parameters: {
				since: '={{ $json.since }}',
				course: { __rl: true, mode: 'id', value: '' },
				returnAll: true,
			},
			before: (ctx) =>
				(ctx.sb.simulators.learnupon as LearnUponSimulator).completeEnrollment(
					{ userId: userAt(ctx, 0).id, courseId: 3001 },
					{ status: 'passed', score: 80, at: Date.now() - 60_000 },
				),
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
					courses: [String(COURSE)],
					groups: [String(ruledGroup(ctx).id)],
				},
				{
					email: userAt(ctx, 1).email,
					firstName: 'Renamed',
					lastName: 'ByRoster',
					active: true,
					courses: [String(COURSE)],
					groups: [],
				},
				{ email: userAt(ctx, 2).email, firstName: 'X', lastName: 'Y', active: false },
			],
			check: (items) =>
				expect(items.filter((i) => i.json.status === 'failed').map((i) => i.json)).toEqual([]),
		},
	},
	triggers: {
		courseCompleted: {
			parameters: { course: { __rl: true, mode: 'list', value: '' }, options: {} },
			happen: (ctx) =>
				(ctx.sb.simulators.learnupon as LearnUponSimulator).completeEnrollment({
					userId: userAt(ctx, 0).id,
					courseId: 3001,
				}),
		},
	},
});
