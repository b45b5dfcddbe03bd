import { WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	IWebhookData,
	IWebhookResponseData,
} from 'n8n-workflow';

import type { CredentialStore } from './credentials';
import { singleNodeHost, type SingleNodeOptions } from './single-node';

export type WebhookHarnessOptions = SingleNodeOptions;

export interface Delivery {
	/** Sent as-is when a string (or Buffer), else as JSON. */
	body: unknown;
	headers?: Record<string, string>;
	/** 'webhook' (default): a production URL of an active workflow. 'manual': "Listen for test event". */
	mode?: 'webhook' | 'manual';
}

export interface DeliveryResult {
	/** The HTTP status n8n answers the LMS with. */
	status: number;
	/** The JSON body of that answer. */
	body: unknown;
	/** Whether n8n starts an execution, and with which items (main output 0). */
	started: boolean;
	items: INodeExecutionData[];
	response: IWebhookResponseData;
}

export interface WebhookHarness {
	deliver(delivery: Delivery): Promise<DeliveryResult>;
	readonly staticData: IDataObject;
	readonly nodeStaticData: IDataObject;
	readonly credentials: CredentialStore;
}

/** The subset of Express's response a webhook node uses. */
class CapturedResponse {
	statusCode = 200;
	body: unknown;
	sent = false;

	status(code: number) {
		this.statusCode = code;
		return this;
	}

	json(body: unknown) {
		this.body = body;
		this.sent = true;
		return this;
	}

	send(body: unknown) {
		return this.json(body);
	}

	end() {
		this.sent = true;
		return this;
	}
}

/**
 * A webhook trigger inside a one-node workflow, called the way n8n's webhook service calls it:
 * a WebhookContext over the request (with the raw body n8n's parser keeps) and a response. The
 * answer is worked out as n8n's webhook helpers do: a response the node sent itself, else its
 * webhookResponse, else (workflowData) an execution starts and n8n answers 200. Static data is
 * saved after every delivery, as n8n does after a production webhook call.
 */
export function createWebhookHarness(options: WebhookHarnessOptions): WebhookHarness {
	const host = singleNodeHost(options, 'harness-webhook-workflow');
	const webhookDescription = host.description.webhooks?.[0];
	if (!webhookDescription) throw new Error(`${host.description.name} declares no webhook`);

	async function deliver({
		body,
		headers = {},
		mode = 'webhook',
	}: Delivery): Promise<DeliveryResult> {
		const { workflow, workflowNode, additionalData } = host.build(mode, mode === 'webhook');
		const raw = Buffer.isBuffer(body)
			? body
			: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
		let parsed: unknown = {};
		try {
			parsed = JSON.parse(raw.toString('utf8'));
		} catch {
			// n8n leaves an unparseable body empty; the node reads rawBody.
		}
		const lowered = Object.fromEntries(
			Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]),
		);
		const request = {
			headers: lowered,
			body: parsed,
			rawBody: raw,
			query: {},
			params: {},
			method: 'POST',
		};
		const response = new CapturedResponse();
		additionalData.httpRequest = request as unknown as typeof additionalData.httpRequest;
		additionalData.httpResponse = response as unknown as typeof additionalData.httpResponse;
		const webhookData: IWebhookData = {
			httpMethod: 'POST',
			node: workflowNode.name,
			path: String(webhookDescription!.path),
			webhookDescription: webhookDescription!,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			isTest: mode === 'manual',
		};
		const context = new WebhookContext(
			workflow,
			workflowNode,
			additionalData,
			mode,
			webhookData,
			[],
			null,
		);
		const resolved = host.nodeTypes.getByNameAndVersion(host.typeName, options.typeVersion);
		if (!resolved.webhook) throw new Error(`${host.description.name} has no webhook method`);
		const result = await resolved.webhook.call(context);
		host.save(workflow);

		const started = result.workflowData !== undefined;
		const items = result.workflowData?.[0] ?? [];
		if (response.sent)
			return { status: response.statusCode, body: response.body, started, items, response: result };
		if (result.webhookResponse !== undefined) {
			return { status: 200, body: result.webhookResponse, started, items, response: result };
		}
		return {
			status: 200,
			body: { message: 'Workflow was started' },
			started,
			items,
			response: result,
		};
	}

	return {
		deliver,
		get staticData() {
			return host.staticData;
		},
		get nodeStaticData() {
			return host.nodeStaticData;
		},
		credentials: host.store,
	};
}
