import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type { IDataObject, INodeExecutionData, WorkflowActivateMode } from 'n8n-workflow';

import type { CredentialStore } from './credentials';
import { initRuntime } from './runtime';
import { singleNodeHost, type SingleNodeOptions } from './single-node';

export type PollHarnessOptions = SingleNodeOptions;

export interface PollOptions {
	/** 'trigger' (default): the scheduled poll of an active workflow. 'manual': "Fetch test event". */
	mode?: 'trigger' | 'manual';
	activation?: WorkflowActivateMode;
}

export interface PollHarness {
	/** Runs one poll; returns the items of output 0 ([] when the poll returned null). */
	poll(options?: PollOptions): Promise<INodeExecutionData[]>;
	/** What the last poll returned, untouched (null means "nothing new"). */
	readonly lastResponse: INodeExecutionData[][] | null | undefined;
	/** Workflow static data as n8n would have saved it after the last poll. */
	readonly staticData: IDataObject;
	/** This node's static data (`getWorkflowStaticData('node')`). */
	readonly nodeStaticData: IDataObject;
	readonly credentials: CredentialStore;
}

/**
 * A polling trigger inside a one-node workflow. Each poll builds the workflow anew from the static
 * data persisted by the previous one (JSON round trip, as through n8n's database), so a cursor
 * that would not survive a save/restart fails here too.
 */
export function createPollHarness(options: PollHarnessOptions): PollHarness {
	const host = singleNodeHost(options, 'harness-poll-workflow');
	const { nodeTypes, typeName } = host;
	let lastResponse: INodeExecutionData[][] | null | undefined;

	async function poll({ mode = 'trigger', activation }: PollOptions = {}) {
		const { workflow, workflowNode, additionalData } = host.build(mode, mode === 'trigger');
		let response: INodeExecutionData[][] | null = null;
		if (mode === 'manual') {
			// "Fetch test event": WorkflowExecute calls poll directly in manual mode.
			const context = new PollContext(
				workflow,
				workflowNode,
				additionalData,
				'manual',
				activation ?? 'manual',
			);
			response =
				(await workflow.expression.withIsolate(async () => await pollOnce(context))) ?? null;
		} else {
			// The path an active workflow takes: PollTriggerExecutor → TriggersAndPollers → poll.
			let emitted: INodeExecutionData[][] | null = null;
			let failure: unknown;
			const context = new PollContext(
				workflow,
				workflowNode,
				additionalData,
				'trigger',
				activation ?? 'activate',
				(data) => {
					emitted = data;
				},
				(error) => {
					failure = error;
				},
			);
			const { container } = initRuntime();
			const executor = container.get(PollTriggerExecutor);
			await executor.create(workflow, workflowNode, context, () => true)(false);
			if (failure !== undefined) {
				// An active workflow keeps its Workflow object between polls, so whatever a failed
				// poll changed in static data is what the next poll sees.
				host.save(workflow);
				throw failure;
			}
			response = emitted;
		}

		lastResponse = response;
		host.save(workflow);
		return response?.[0] ?? [];
	}

	// The node type as n8n resolves it for this node version, so versioned types work too.
	async function pollOnce(context: PollContext) {
		const resolved = nodeTypes.getByNameAndVersion(typeName, options.typeVersion);
		if (!resolved.poll) throw new Error(`Node type "${host.description.name}" has no poll method`);
		return await resolved.poll.call(context);
	}

	return {
		poll,
		get lastResponse() {
			return lastResponse;
		},
		get staticData() {
			return host.staticData;
		},
		get nodeStaticData() {
			return host.nodeStaticData;
		},
		credentials: host.store,
	};
}
