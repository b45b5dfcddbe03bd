/**
 * The instant (webhook) triggers run by n8n-core's WebhookContext, fed by the simulators' own
 * signed deliveries over HTTP: the simulator POSTs to a local receiver, which hands the exact
 * bytes and headers to the node the way n8n's webhook service does. Checks: a completion made in
 * the LMS starts one execution with the polling trigger's record; a forged or unsigned delivery
 * is answered 401 and starts nothing; a repeated delivery starts nothing; other event types are
 * acknowledged; the dedupe window survives a save and stays bounded; no secret reaches an item.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { GrowWebhookApi } from '../../credentials/GrowWebhookApi.credentials';
import { LearnUponWebhookApi } from '../../credentials/LearnUponWebhookApi.credentials';
import { LearnWorldsApi } from '../../credentials/LearnWorldsApi.credentials';
import { LearnWorldsWebhookApi } from '../../credentials/LearnWorldsWebhookApi.credentials';
import { GrowWebhookTrigger } from '../../nodes/Grow/GrowWebhookTrigger.node';
import { LearnUponWebhookTrigger } from '../../nodes/LearnUpon/LearnUponWebhookTrigger.node';
import { LearnWorldsTrigger } from '../../nodes/LearnWorlds/LearnWorldsTrigger.node';
import { LearnWorldsWebhookTrigger } from '../../nodes/LearnWorlds/LearnWorldsWebhookTrigger.node';
import { shortHash } from '../../nodes/shared/core';
import { startSandbox, type Sandbox } from '../../sandbox/server';
import type { VendorId } from '../../sandbox/types';
import type { WebhookDeliveryRecord } from '../../sandbox/webhooks';
import {
	createPollHarness,
	createWebhookHarness,
	type CredentialsInput,
	type DeliveryResult,
	type WebhookHarness,
} from './harness';

jest.setTimeout(120_000);

const SEED = { users: 12, courses: 3, groups: 1, completions: 0 };

interface Route {
	harness: WebhookHarness;
	results: DeliveryResult[];
}

let sandbox: Sandbox;
let receiver: http.Server;
let base: string;
const routes = new Map<string, Route>();

/** Stands in for n8n's production webhook URL: the exact bytes go to the node. */
function startReceiver(): Promise<void> {
	receiver = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const route = routes.get(req.url ?? '');
			if (!route) {
				res.writeHead(404).end();
				return;
			}
			const headers = Object.fromEntries(
				Object.entries(req.headers).map(([key, value]) => [key, String(value)]),
			);
			route.harness.deliver({ body: Buffer.concat(chunks), headers }).then(
				(result) => {
					route.results.push(result);
					res.writeHead(result.status, { 'content-type': 'application/json' });
					res.end(JSON.stringify(result.body));
				},
				(error: unknown) => {
					res.writeHead(500).end(String(error));
				},
			);
		});
	});
	return new Promise((resolve) =>
		receiver.listen(0, '127.0.0.1', () => {
			base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
			resolve();
		}),
	);
}

function route(
	path: string,
	nodeType: new () => INodeType,
	credentialType: string,
	credential: IDataObject,
	credentialClass: new () => object,
	event: string,
): Route {
	const entry: Route = {
		harness: createWebhookHarness({
			nodeType,
			credentialTypes: [credentialClass as never],
			credentials: { [credentialType]: credential } as CredentialsInput,
			parameters: { event },
		}),
		results: [],
	};
	routes.set(path, entry);
	return entry;
}

const control = (vendor: VendorId, action: string, args: Record<string, unknown> = {}) =>
	sandbox.simulators[vendor]!.control!(action, args, Date.now());

async function deliveriesOf(vendor: VendorId): Promise<WebhookDeliveryRecord[]> {
	const { deliveries } = (await control(vendor, 'webhookDeliveries')) as {
		deliveries: WebhookDeliveryRecord[];
	};
	return deliveries;
}

async function send(vendor: VendorId, args: Record<string, unknown>) {
	const { deliveries } = (await control(vendor, 'sendWebhook', args)) as {
		deliveries: WebhookDeliveryRecord[];
	};
	return deliveries;
}

beforeAll(async () => {
	sandbox = await startSandbox({ vendors: ['learnworlds', 'grow', 'learnupon'], seed: SEED });
	await startReceiver();
});
afterAll(async () => {
	await sandbox.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
	sandbox.reset(SEED);
	routes.clear();
	for (const vendor of ['learnworlds', 'grow', 'learnupon'] as const) {
		control(vendor, 'unregisterWebhooks');
	}
});

/** A LearnWorlds Webhook Trigger for course completions, signed with "v1=abc", fed directly. */
const courseCompletedHarness = (options: INodeParameters = {}, staticData?: IDataObject) =>
	createWebhookHarness({
		nodeType: LearnWorldsWebhookTrigger,
		credentialTypes: [LearnWorldsWebhookApi],
		credentials: { learnWorldsWebhookApi: { signingSecret: 'v1=abc' } },
		parameters: { event: 'courseCompleted', options },
		staticData,
	});

const secretOf = (vendor: VendorId) => sandbox.simulators[vendor]!.credentials.webhookSecret;

/** A LearnWorlds Webhook Trigger for `event` at `path`, registered with the simulator. */
function lwRoute(path: string, event: string): Route {
	const entry = route(
		path,
		LearnWorldsWebhookTrigger,
		'learnWorldsWebhookApi',
		{ signingSecret: secretOf('learnworlds') },
		LearnWorldsWebhookApi,
		event,
	);
	control('learnworlds', 'registerWebhook', { url: `${base}${path}` });
	return entry;
}

/** A LearnUpon Webhook Trigger whose credential says `version`, at a URL the simulator sends `variant` to. */
function luRoute(path: string, event: string, version = 'v2', variant = version): Route {
	const entry = route(
		path,
		LearnUponWebhookTrigger,
		'learnUponWebhookApi',
		{ signingSecret: secretOf('learnupon'), webhookVersion: version },
		LearnUponWebhookApi,
		event,
	);
	control('learnupon', 'registerWebhook', { url: `${base}${path}`, variant });
	return entry;
}

function growRoute(path: string, scheme: string, variant = scheme): Route {
	const entry = route(
		path,
		GrowWebhookTrigger,
		'growWebhookApi',
		{ signingSecret: secretOf('grow'), signatureScheme: scheme },
		GrowWebhookApi,
		'courseCompleted',
	);
	control('grow', 'registerWebhook', { url: `${base}${path}`, variant });
	return entry;
}

describe('LearnWorlds Webhook Trigger', () => {
	const open = (): { userId: string; course_id: string } => {
		const state = sandbox.state('learnworlds') as {
			progress: Array<{ userId: string; course_id: string; status: string }>;
		};
		return state.progress.find((p) => p.status !== 'completed')!;
	};

	it('a course completed in LearnWorlds starts one execution with the polling trigger’s record', async () => {
		const lw = lwRoute('/lw', 'courseCompleted');
		const { userId, course_id: courseId } = open();
		control('learnworlds', 'completeCourse', { userId, courseId });
		const deliveries = await deliveriesOf('learnworlds');

		// Completing enrolls first when needed: each event is its own signed POST.
		expect(deliveries.every((d) => d.status === 200)).toBe(true);
		const started = lw.results.filter((r) => r.started);
		expect(started).toHaveLength(1);
		expect(started[0].items).toHaveLength(1);
		const instant = started[0].items[0].json;
		expect(instant).toMatchObject({ userId, courseId });

		// The polling trigger reports the same completion with the same fields.
		const poller = createPollHarness({
			nodeType: LearnWorldsTrigger,
			credentialTypes: [LearnWorldsApi],
			credentials: {
				learnWorldsApi: {
					schoolUrl: sandbox.urls.learnworlds,
					clientId: sandbox.simulators.learnworlds!.credentials.clientId,
					clientSecret: sandbox.simulators.learnworlds!.credentials.clientSecret,
				},
			},
			parameters: { event: 'courseCompleted' },
		});
		const polled = (await poller.poll({ mode: 'manual' })).map((item) => item.json);
		const same = polled.find((item) => item.userId === userId && item.courseId === courseId)!;
		const withoutRaw = ({ raw: _raw, score: _score, ...rest }: IDataObject) => rest;
		expect(Object.keys(instant).sort()).toEqual(Object.keys(same).sort());
		expect(withoutRaw(instant)).toEqual(withoutRaw(same));
	});

	it('answers a forged or unsigned delivery 401 and starts nothing', async () => {
		const lw = lwRoute('/lw', 'courseCompleted');
		const { userId, course_id: courseId } = open();
		const forged = await send('learnworlds', {
			type: 'courseCompleted',
			userId,
			courseId,
			signature: 'forged',
		});
		const unsigned = await send('learnworlds', {
			type: 'courseCompleted',
			userId,
			courseId,
			signature: 'none',
		});
		expect(forged.map((d) => d.status)).toEqual([401]);
		expect(unsigned.map((d) => d.status)).toEqual([401]);
		expect(JSON.stringify([forged, unsigned])).not.toContain('lw-sandbox-webhook-signature');
		expect(lw.results.some((r) => r.started)).toBe(false);
		// A refused delivery leaves nothing in the dedupe window: the genuine one still starts.
		const genuine = await send('learnworlds', { type: 'courseCompleted', userId, courseId });
		expect(genuine.map((d) => d.status)).toEqual([200]);
		expect(lw.results.filter((r) => r.started)).toHaveLength(1);
	});

	it('a repeated delivery (a vendor retry) starts one execution', async () => {
		const lw = lwRoute('/lw', 'courseCompleted');
		const { userId, course_id: courseId } = open();
		const deliveries = await send('learnworlds', {
			type: 'courseCompleted',
			userId,
			courseId,
			at: 1_700_000_000_000,
			times: 3,
		});
		expect(deliveries.map((d) => d.status)).toEqual([200, 200, 200]);
		expect(lw.results.map((r) => r.started)).toEqual([true, false, false]);
		expect(deliveries[1].response).toMatchObject({ started: false, reason: 'duplicate' });
		// The window is in the node's static data, as n8n saves it.
		expect(Object.keys(lw.harness.nodeStaticData.seen as object)).toHaveLength(1);
	});

	it('acknowledges events of another type without starting, and maps enrollments and unenrollments', async () => {
		const enrolled = lwRoute('/enrolled', 'userEnrolled');
		const unenrolled = lwRoute('/unenrolled', 'userUnenrolled');
		const state = sandbox.state('learnworlds') as {
			users: Array<{ id: string; email: string }>;
			courses: Array<{ id: string; title: string }>;
		};
		const user = state.users[0];
		const course = state.courses[0];
		await send('learnworlds', { type: 'enrolledFreeCourse', userId: user.id, courseId: course.id });
		await send('learnworlds', {
			type: 'userUnenrolledFromProduct',
			userId: user.id,
			productId: course.id,
		});
		expect(enrolled.results.map((r) => r.started)).toEqual([true, false]);
		expect(unenrolled.results.map((r) => r.started)).toEqual([false, true]);
		expect(enrolled.results[0].items[0].json).toMatchObject({
			userId: user.id,
			email: user.email,
			productId: course.id,
			productType: 'course',
			productName: course.title,
		});
		expect(unenrolled.results[1].items[0].json).toMatchObject({
			userId: user.id,
			productId: course.id,
		});
		expect(enrolled.results[1].body).toMatchObject({ started: false, reason: 'eventNotSelected' });
	});

	it('an unenrollment through the API is pushed as userUnenrolledFromProduct', async () => {
		const unenrolled = lwRoute('/unenrolled', 'userUnenrolled');
		const state = sandbox.state('learnworlds') as {
			enrollments: Array<{ userId: string; productId: string; productType: string }>;
		};
		const enrollment = state.enrollments[0];
		const simulator = sandbox.simulators.learnworlds!;
		const token = (await simulator.handle({
			method: 'POST',
			rawPath: '/admin/api/oauth2/access_token',
			path: '/admin/api/oauth2/access_token',
			query: {},
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'lw-client': simulator.credentials.clientId,
			},
			rawBody: new URLSearchParams({
				client_id: simulator.credentials.clientId,
				client_secret: simulator.credentials.clientSecret,
				grant_type: 'client_credentials',
			}).toString(),
			now: Date.now(),
		})) as { body: { tokenData: { access_token: string } } };
		const path = `/admin/api/v2/users/${enrollment.userId}/enrollment`;
		const answer = await simulator.handle({
			method: 'DELETE',
			rawPath: path,
			path,
			query: {},
			headers: {
				'content-type': 'application/json',
				'lw-client': simulator.credentials.clientId,
				authorization: `Bearer ${token.body.tokenData.access_token}`,
			},
			rawBody: JSON.stringify({
				productId: enrollment.productId,
				productType: enrollment.productType,
			}),
			now: Date.now(),
		});
		expect(answer.status).toBeLessThan(300);
		await deliveriesOf('learnworlds');
		expect(unenrolled.results.filter((r) => r.started).map((r) => r.items[0].json)).toEqual([
			expect.objectContaining({ userId: enrollment.userId, productId: enrollment.productId }),
		]);
	});

	it('"Listen for test event" shows a repeated delivery again and remembers nothing', async () => {
		const harness = courseCompletedHarness();
		const body = {
			version: 2,
			type: 'courseCompleted',
			data: { completed_at: 1, course: { id: 'c' }, user: { id: 'u' } },
		};
		const headers = { 'Learnworlds-Webhook-Signature': 'v1=abc' };
		for (let i = 0; i < 2; i++) {
			expect((await harness.deliver({ body, headers, mode: 'manual' })).started).toBe(true);
		}
		expect(harness.nodeStaticData.seen).toBeUndefined();
	});

	it('an event of the picked type without the ids its record needs is acknowledged, not started', async () => {
		const harness = courseCompletedHarness();
		const result = await harness.deliver({
			body: { version: 2, type: 'courseCompleted', data: { user: { id: 'u' } } },
			headers: { 'learnworlds-webhook-signature': 'v1=abc' },
		});
		expect(result).toMatchObject({ status: 200, started: false, body: { reason: 'unreadable' } });
	});

	it('remembers a delivery for the Duplicate Window only', async () => {
		const body = JSON.stringify({
			version: 2,
			type: 'courseCompleted',
			data: { completed_at: 1, course: { id: 'c' }, user: { id: 'u' } },
		});
		const seenAt = (hoursAgo: number) => ({
			'node:LearnWorlds Webhook Trigger': {
				seen: { [shortHash(body)]: Date.now() - hoursAgo * 3_600_000 },
			},
		});
		const deliverWith = (options: INodeParameters, hoursAgo: number) =>
			courseCompletedHarness(options, seenAt(hoursAgo)).deliver({
				body,
				headers: { 'learnworlds-webhook-signature': 'v1=abc' },
			});
		// Seen 2 hours ago: a duplicate by default (72 h), new again with a 1-hour window.
		expect((await deliverWith({}, 2)).started).toBe(false);
		expect((await deliverWith({ dedupeHours: 1 }, 2)).started).toBe(true);
		expect((await deliverWith({}, 73)).started).toBe(true);
	});

	it('a body that is not a LearnWorlds webhook is answered 400 and starts nothing', async () => {
		const harness = courseCompletedHarness();
		const result = await harness.deliver({
			body: 'hello',
			headers: { 'learnworlds-webhook-signature': 'v1=abc' },
		});
		expect(result).toMatchObject({ status: 400, started: false });
	});
});

describe('Grow Webhook Trigger', () => {
	it.each(['preShared', 'hmacSha256'])('verifies Grow deliveries signed %s', async (scheme) => {
		const grow = growRoute(`/grow-${scheme}`, scheme);
		const state = sandbox.state('grow') as {
			progress: Array<{ userId: string; course_id: string; status: string }>;
		};
		const open = state.progress.find((p) => p.status !== 'completed')!;
		control('grow', 'completeCourse', { userId: open.userId, courseId: open.course_id });
		await deliveriesOf('grow');
		expect(grow.results.filter((r) => r.started).map((r) => r.items[0].json)).toEqual([
			expect.objectContaining({ userId: open.userId, courseId: open.course_id }),
		]);
		const forged = await send('grow', {
			type: 'courseCompleted',
			userId: open.userId,
			courseId: open.course_id,
			signature: 'forged',
		});
		expect(forged.map((d) => d.status)).toEqual([401]);
	});

	it('a credential set to the other scheme refuses the delivery', async () => {
		const grow = growRoute('/grow', 'hmacSha256', 'preShared');
		const state = sandbox.state('grow') as {
			users: Array<{ id: string }>;
			courses: Array<{ id: string }>;
		};
		const deliveries = await send('grow', {
			type: 'courseCompleted',
			userId: state.users[0].id,
			courseId: state.courses[0].id,
		});
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		expect(grow.results.some((r) => r.started)).toBe(false);
	});
});

describe('LearnUpon Webhook Trigger', () => {
	const openEnrollment = () => {
		const state = sandbox.state('learnupon') as {
			enrollments: Array<{ id: number; user_id: number; course_id: number; status: string }>;
		};
		return state.enrollments.find((e) => !['completed', 'passed', 'failed'].includes(e.status))!;
	};

	it.each(['v2', 'v1'])(
		'webhooks %s: a completion in the portal starts one execution, a forged one 401',
		async (version) => {
			const lu = luRoute(`/lu-${version}`, 'courseCompleted', version);
			const enrollment = openEnrollment();
			control('learnupon', 'completeEnrollment', { enrollmentId: enrollment.id, score: 91 });
			const deliveries = await deliveriesOf('learnupon');
			expect(deliveries.map((d) => d.status)).toEqual([200]);
			const [started] = lu.results.filter((r) => r.started);
			expect(started.items.map((item) => item.json)).toEqual([
				expect.objectContaining({
					userId: String(enrollment.user_id),
					courseId: String(enrollment.course_id),
					score: 91,
				}),
			]);
			const forged = await send('learnupon', {
				type: 'course_completion',
				enrollmentId: enrollment.id,
				signature: 'forged',
			});
			const retry = await send('learnupon', {
				type: 'course_completion',
				enrollmentId: enrollment.id,
			});
			expect(forged.map((d) => d.status)).toEqual([401]);
			expect(retry[0].response).toMatchObject({ reason: 'duplicate' });
			expect(lu.results.filter((r) => r.started)).toHaveLength(1);
		},
	);

	it('a v1 credential refuses v2 deliveries (the versions verify differently)', async () => {
		const lu = luRoute('/lu', 'courseCompleted', 'v1', 'v2');
		const deliveries = await send('learnupon', {
			type: 'course_completion',
			enrollmentId: openEnrollment().id,
		});
		expect(deliveries.map((d) => d.status)).toEqual([401]);
		expect(lu.results.some((r) => r.started)).toBe(false);
	});

	it('module, exam and learning path completions, each to the trigger that picked it', async () => {
		const events = ['moduleCompleted', 'examCompleted', 'learningPathCompleted'];
		const triggers = events.map((event) => luRoute(`/lu-${event}`, event));
		const { user_id: userId, course_id: courseId } = openEnrollment();
		await send('learnupon', {
			type: 'module_complete',
			userId,
			courseId,
			fields: { moduleId: 3, moduleName: 'Intro' },
		});
		await send('learnupon', {
			type: 'exam_completion',
			userId,
			courseId,
			fields: { examId: 4, examName: 'Final', enrollmentStatus: 'passed', percentage: 80 },
		});
		await send('learnupon', {
			type: 'learning_path_completion',
			userId,
			fields: { learningPathId: 9, learningPathName: 'Path' },
		});
		const startedItems = triggers.map((t) =>
			t.results.filter((r) => r.started).map((r) => r.items[0].json),
		);
		expect(startedItems).toEqual([
			[
				expect.objectContaining({
					userId: String(userId),
					courseId: String(courseId),
					moduleId: '3',
					moduleName: 'Intro',
				}),
			],
			[expect.objectContaining({ examId: '4', passed: true, score: 80 })],
			[
				expect.objectContaining({
					userId: String(userId),
					learningPathId: '9',
					learningPathName: 'Path',
				}),
			],
		]);
	});
});
