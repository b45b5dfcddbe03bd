import { PollContext, PollTriggerExecutor } from 'n8n-core';
import type {
	IDataObject,
	INodeExecutionData,
	INodeParameters,
	IWorkflowBase,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { createAdditionalData, nextExecutionId } from './additional-data';
import type { CredentialStore, CredentialTypeInput, CredentialsInput } from './credentials';
import {
	CredentialTypeRegistry,
	HarnessCredentialsHelper,
	resolveCredentialStore,
} from './credentials';
import type { NodeTypeInput } from './node-types';
import { HarnessNodeTypes, instantiate, latestDescription, latestVersion } from './node-types';
import { initRuntime } from './runtime';

export interface PollHarnessOptions {
	nodeType: NodeTypeInput;
	credentialTypes?: CredentialTypeInput[];
	credentials?: CredentialsInput | CredentialStore;
	parameters?: INodeParameters;
	/** Default: the node type's default name. */
	nodeName?: string;
	typeVersion?: number;
	/** Workflow static data to start from, as if loaded from the database. */
	staticData?: IDataObject;
	timezone?: string;
}

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

// Drops ObservableObject bookkeeping so snapshots equal what n8n persists.
const persistable = (data: object): IDataObject =>
	JSON.parse(JSON.stringify(data, (key, value: unknown) => (key === '__dataChanged' ? undefined : value))) as IDataObject;

/**
 * A polling trigger inside a one-node workflow. Each poll builds the workflow anew from the static
 * data persisted by the previous one (JSON round trip, as through n8n's database), so a cursor
 * that would not survive a save/restart fails here too.
 */
export function createPollHarness(options: PollHarnessOptions): PollHarness {
	initRuntime();
	const type = instantiate(options.nodeType);
	const description = latestDescription(type);
	const typeName = `harness.${description.name}`;
	const nodeTypes = new HarnessNodeTypes({ [typeName]: type });
	const store = resolveCredentialStore(options.credentials);
	const credentialsHelper = new HarnessCredentialsHelper(
		store,
		new CredentialTypeRegistry(options.credentialTypes),
	);
	const nodeName = options.nodeName ?? description.defaults.name ?? description.displayName;

	let staticData = persistable(options.staticData ?? {});
	let lastResponse: INodeExecutionData[][] | null | undefined;

	const credentialRefs = Object.fromEntries(
		(description.credentials ?? [])
			.filter(({ name }) => store.has(name))
			.map(({ name }) => [name, { id: `harness-${name}`, name }]),
	);

	async function poll({ mode = 'trigger', activation }: PollOptions = {}) {
		const node = {
			id: 'harness-poll-node',
			name: nodeName,
			type: typeName,
			typeVersion: options.typeVersion ?? latestVersion(type),
			position: [0, 0] as [number, number],
			parameters: structuredClone(options.parameters ?? {}),
			credentials: credentialRefs,
		};
		const workflowData: IWorkflowBase = {
			id: 'harness-poll-workflow',
			name: 'Harness poll workflow',
			active: mode === 'trigger',
			isArchived: false,
			nodes: [node],
			connections: {},
			settings: options.timezone ? { timezone: options.timezone } : {},
			staticData,
			createdAt: new Date(),
			updatedAt: new Date(),
			activeVersionId: null,
		};
		const workflow = new Workflow({
			id: workflowData.id,
			name: workflowData.name,
			nodes: [node],
			connections: {},
			nodeTypes,
			active: workflowData.active,
			settings: workflowData.settings,
			staticData: structuredClone(staticData),
		});
		const additionalData = createAdditionalData({
			credentialsHelper,
			mode,
			executionId: nextExecutionId(),
			workflowData,
		});
		// Node parameters resolved by the Workflow constructor (defaults filled in).
		const workflowNode = workflow.getNode(nodeName)!;
		additionalData.currentNodeParameters = workflowNode.parameters;

		let response: INodeExecutionData[][] | null = null;
		if (mode === 'manual') {
			// "Fetch test event": WorkflowExecute calls poll directly in manual mode.
			const context = new PollContext(workflow, workflowNode, additionalData, 'manual', activation ?? 'manual');
			response = (await workflow.expression.withIsolate(
				async () => await pollOnce(context),
			)) ?? null;
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
				staticData = persistable(workflow.staticData);
				throw failure;
			}
			response = emitted;
		}

		lastResponse = response;
		staticData = persistable(workflow.staticData);
		return response?.[0] ?? [];
	}

	// The node type as n8n resolves it for this node version, so versioned types work too.
	async function pollOnce(context: PollContext) {
		const resolved = nodeTypes.getByNameAndVersion(typeName, options.typeVersion);
		if (!resolved.poll) throw new Error(`Node type "${description.name}" has no poll method`);
		return await resolved.poll.call(context);
	}

	return {
		poll,
		get lastResponse() {
			return lastResponse;
		},
		get staticData() {
			return structuredClone(staticData);
		},
		get nodeStaticData() {
			return structuredClone((staticData[`node:${nodeName}`] as IDataObject | undefined) ?? {});
		},
		credentials: store,
	};
}
