import {
	NodeOperationError,
	type ICredentialTestFunctions,
	type ICredentialsDecrypted,
	type IDataObject,
	type INodeCredentialTestResult,
	type INodeProperties,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import {
	admitDeliveries,
	DEFAULT_DEDUPE_WINDOW,
	InputError,
	redactText,
	redactValue,
	type InstantEvent,
	type InstantEventName,
	type SeenDeliveries,
	type WebhookDelivery,
	type WebhookVendorDefinition,
} from '../core';
import type { NodeIdentity } from './description';
import { triggerBase } from './triggerDescription';

/**
 * Instant triggers: n8n receives the LMS's POST, this layer checks its signature against the
 * credential's secret, drops deliveries seen before, and starts one execution with the canonical
 * records. A request that fails the check is answered 401 and starts nothing (no execution is
 * recorded). The seen keys live in the workflow's static data, which n8n loads from and saves to
 * its database around every production webhook call, so every main/webhook process shares them.
 */

export interface WebhookTriggerIdentity extends NodeIdentity {
	/** Its type name in n8n: a webhook definition is not a vendor definition, so it says its own. */
	name: string;
	/** Step by step: where in the LMS the URL goes and where the secret is. */
	setupSteps: string[];
}

const HOUR_MS = 3_600_000;

export function buildWebhookTriggerDescription(
	vendor: WebhookVendorDefinition,
	identity: WebhookTriggerIdentity,
): INodeTypeDescription {
	const subtitle = `={{ ${JSON.stringify(
		Object.fromEntries(vendor.events.map((event) => [event.name, event.displayName])),
	)}[$parameter["event"]] }}`;
	const steps = identity.setupSteps.map((step, index) => `${index + 1}. ${step}`).join('<br>');
	const properties: INodeProperties[] = [
		{
			displayName: `${steps}<br>This trigger sees events from the moment the URL is in place. To backfill what happened before, or to reconcile after an outage, use the polling ${vendor.name} Trigger.`,
			name: 'setupNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Event',
			name: 'event',
			type: 'options',
			noDataExpression: true,
			// Every vendor's first event; the polling triggers default to it too.
			default: 'courseCompleted',
			options: vendor.events.map((event) => ({
				name: event.displayName,
				value: event.name,
				description: event.description,
			})),
		},
		{
			displayName: 'Options',
			name: 'options',
			type: 'collection',
			placeholder: 'Add Option',
			default: {},
			options: [
				{
					displayName: 'Duplicate Window (Hours)',
					name: 'dedupeHours',
					type: 'number',
					typeOptions: { minValue: 1 },
					default: 72,
					description:
						'An event delivered again within this many hours (the LMS retries deliveries it thinks failed) starts nothing. The last 1,000 events are remembered.',
				},
			],
		},
	];
	return {
		...triggerBase(identity, subtitle, vendor.credentialType),
		// The LMSs offer no API to register an endpoint: the user pastes this URL into the LMS.
		webhooks: [
			{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' },
		],
		properties,
	};
}

/** The credential's Test button: no LMS offers a call to check a webhook secret, so it checks the form. */
export function webhookCredentialTest(vendor: WebhookVendorDefinition) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const problem = vendor.checkCredential((credential.data ?? {}) as Record<string, unknown>);
		return problem
			? { status: 'Error', message: problem }
			: {
					status: 'OK',
					message: `Looks right. ${vendor.name} offers no way to check it from here: deliveries with another secret are answered 401.`,
				};
	};
}

interface WebhookState {
	seen?: SeenDeliveries;
}

/** The exact bytes received: n8n's body parser keeps them in `rawBody`. */
async function rawBodyOf(request: ReturnType<IWebhookFunctions['getRequestObject']>) {
	const withRaw = request as typeof request & {
		rawBody?: Buffer;
		readRawBody?: () => Promise<void>;
	};
	if (!withRaw.rawBody && typeof withRaw.readRawBody === 'function') await withRaw.readRawBody();
	if (Buffer.isBuffer(withRaw.rawBody)) return withRaw.rawBody;
	// Without the raw bytes no signature can be checked; an empty body fails every check.
	return Buffer.alloc(0);
}

function answer(this: IWebhookFunctions, status: number, body: IDataObject): IWebhookResponseData {
	const response = this.getResponseObject();
	response.status(status).json(body);
	return { noWebhookResponse: true };
}

export async function receiveWebhook(
	this: IWebhookFunctions,
	vendor: WebhookVendorDefinition,
): Promise<IWebhookResponseData> {
	const request = this.getRequestObject();
	const credentials = (await this.getCredentials(vendor.credentialType)) as Record<string, unknown>;
	const secrets = vendor.secretsOf(credentials);
	const delivery: WebhookDelivery = {
		rawBody: await rawBodyOf(request),
		headers: request.headers,
		receivedAt: Date.now(),
	};

	const check = vendor.verify(delivery, credentials);
	if (!check.ok) {
		// Nothing about the expected value goes back: only that the request was refused.
		return answer.call(this, 401, {
			error: 'Unauthorized',
			message:
				check.reason === 'missing'
					? `The request carries no ${vendor.name} webhook signature.`
					: `The ${vendor.name} webhook signature does not match the secret in the credential.`,
		});
	}

	let events;
	try {
		events = vendor.parse(delivery, credentials);
	} catch (error) {
		if (error instanceof InputError) {
			return answer.call(this, 400, {
				error: 'Bad Request',
				message: redactText(error.message, secrets),
			});
		}
		throw new NodeOperationError(this.getNode(), redactText(String(error), secrets));
	}

	const wanted = this.getNodeParameter('event') as InstantEventName;
	const selected = events.filter((event): event is InstantEvent => event.event === wanted);
	if (selected.length === 0) {
		// Answered 200 all the same: the LMS would otherwise retry an event it cannot change.
		const unreadable = events.some(
			(event) => event.event === undefined && event.reason === 'unreadable',
		);
		return {
			webhookResponse: {
				received: true,
				started: false,
				reason: unreadable ? 'unreadable' : 'eventNotSelected',
				types: [...new Set(events.map((event) => event.vendorType))],
			},
		};
	}

	let fresh = selected;
	// "Listen for test event" shows every delivery; only an active workflow remembers them.
	if (this.getMode() !== 'manual') {
		const options = this.getNodeParameter('options', {}) as { dedupeHours?: number };
		const hours = Number(options.dedupeHours);
		const window = {
			...DEFAULT_DEDUPE_WINDOW,
			...(Number.isFinite(hours) && hours > 0 ? { windowMs: hours * HOUR_MS } : {}),
		};
		const state = this.getWorkflowStaticData('node') as WebhookState;
		const admitted = admitDeliveries(
			state.seen,
			selected.map((event) => event.dedupeKey),
			delivery.receivedAt,
			window,
		);
		state.seen = admitted.next;
		fresh = selected.filter((_event, index) => admitted.fresh[index]);
	}
	if (fresh.length === 0) {
		return { webhookResponse: { received: true, started: false, reason: 'duplicate' } };
	}
	// Answered here, before n8n starts the execution: n8n saves the static data (the window above)
	// when the answer goes out, and an execution set up first marks it unchanged again (seen in
	// n8n 2.40.7: a retry of a delivery that had started a workflow started it again).
	answer.call(this, 200, { received: true, started: true, events: fresh.length });
	return {
		noWebhookResponse: true,
		workflowData: [
			fresh.map((event) => ({
				json: redactValue({ ...event.record } as IDataObject, secrets) as IDataObject,
			})),
		],
	};
}
