import { WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
	IRunData,
	IWorkflowBase,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow, createRunExecutionData } from 'n8n-workflow';

import { createAdditionalData, nextExecutionId } from './additional-data';
import type { CredentialStore, CredentialTypeInput, CredentialsInput } from './credentials';
import {
	CredentialTypeRegistry,
	HarnessCredentialsHelper,
	resolveCredentialStore,
} from './credentials';
import type { NodeTypeInput } from './node-types';
import {
	HarnessNodeTypes,
	MANUAL_TRIGGER_NAME,
	MANUAL_TRIGGER_TYPE,
	latestVersion,
} from './node-types';
import { initRuntime } from './runtime';

/** A workflow node as a test writes it: name and type are enough, the rest gets defaults. */
export type HarnessNode = Pick<INode, 'name' | 'type'> & Partial<INode>;

export interface RunWorkflowOptions {
	/** Node types by the `type` the nodes use, e.g. `'n8n-nodes-lms-provisioning.talentLms'`. */
	nodeTypes: Record<string, NodeTypeInput>;
	credentialTypes?: CredentialTypeInput[];
	/**
	 * Credential data by credential type name. Nodes get a reference to every credential their
	 * description accepts and that is given here. Tokens written back by `preAuthentication` are
	 * kept for later executions in the same test (pass a CredentialStore to control this).
	 */
	credentials?: CredentialsInput | CredentialStore;
	/** A manual trigger is put in front unless the first node has no inputs (is a trigger). */
	nodes: HarnessNode[];
	/** Default: the nodes chained in order through main output 0. */
	connections?: IConnections;
	/** Items fed to the first node after the trigger (default: one empty item). */
	input?: IDataObject[];
	/** Execution mode (default 'manual', as when clicking "Execute workflow"). */
	mode?: WorkflowExecuteMode;
	settings?: IWorkflowSettings;
	/** Workflow static data to start from (e.g. `{ 'node:My Trigger': { cursor: 1 } }`). */
	staticData?: IDataObject;
}

export interface WorkflowRunResult {
	run: IRun;
	status: ExecutionStatus;
	runData: IRunData;
	/** The workflow error, if the execution failed. */
	error: ExecutionError | undefined;
	/** Names of the nodes in the order they finished. */
	executedNodes: string[];
	/** Main output `outputIndex` of a node's run (default: its last run). Throws if it never ran. */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** The error a node run ended with (default: its last run). */
	nodeError(nodeName: string, runIndex?: number): ExecutionError | undefined;
	/** The stored credentials after the execution (e.g. a token fetched by preAuthentication). */
	credentials: CredentialsInput;
	/** Workflow static data after the execution, as n8n would save it. */
	staticData: IDataObject;
}

function hasNoInputs(nodeTypes: HarnessNodeTypes, node: HarnessNode): boolean {
	const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const { inputs } = type.description;
	return Array.isArray(inputs) && inputs.length === 0;
}

/** Fills what the editor would: id, version, position, parameters, credential references. */
function completeNode(
	node: HarnessNode,
	index: number,
	nodeTypes: HarnessNodeTypes,
	store: CredentialStore,
): INode {
	const full = structuredClone(node) as INode;
	full.id ??= `harness-node-${index}`;
	full.typeVersion ??= latestVersion(nodeTypes.getByName(node.type));
	full.position ??= [index * 220, 0];
	full.parameters ??= {};

	const description = nodeTypes.getByNameAndVersion(full.type, full.typeVersion).description;
	for (const { name } of description.credentials ?? []) {
		if (!store.has(name) || full.credentials?.[name]) continue;
		full.credentials = { ...full.credentials, [name]: { id: `harness-${name}`, name } };
	}
	return full;
}

function chain(nodes: INode[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i + 1 < nodes.length; i++) {
		connections[nodes[i].name] = {
			main: [[{ node: nodes[i + 1].name, type: 'main', index: 0 }]],
		};
	}
	return connections;
}

/** Executes a workflow through n8n-core's WorkflowExecute, with real HTTP. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	initRuntime();
	const nodeTypes = new HarnessNodeTypes(options.nodeTypes);
	const store = resolveCredentialStore(options.credentials);
	const credentialsHelper = new HarnessCredentialsHelper(
		store,
		new CredentialTypeRegistry(options.credentialTypes),
	);
	const mode = options.mode ?? 'manual';

	const given = [...options.nodes];
	if (given.length === 0) throw new Error('runWorkflow needs at least one node');
	const startsWithTrigger = hasNoInputs(nodeTypes, given[0]);
	if (!startsWithTrigger) given.unshift({ name: MANUAL_TRIGGER_NAME, type: MANUAL_TRIGGER_TYPE });
	const nodes = given.map((node, index) => completeNode(node, index, nodeTypes, store));
	const connections = options.connections ? structuredClone(options.connections) : chain(nodes);
	if (options.connections && !startsWithTrigger) {
		// The trigger we added feeds whichever node the test listed first.
		connections[MANUAL_TRIGGER_NAME] = {
			main: [[{ node: nodes[1].name, type: 'main', index: 0 }]],
		};
	}

	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: options.settings ?? {},
		staticData: options.staticData,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: workflowData.settings,
		staticData: structuredClone(options.staticData ?? {}),
	});

	const additionalData = createAdditionalData({
		credentialsHelper,
		mode,
		executionId: nextExecutionId(),
		workflowData,
	});
	const executedNodes: string[] = [];
	additionalData.hooks?.addHandler('nodeExecuteAfter', (nodeName) => {
		executedNodes.push(nodeName);
	});

	const input: INodeExecutionData[] = (options.input ?? [{}]).map((json) => ({ json }));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [input] }, source: null }],
		},
	});

	const run = await new WorkflowExecute(
		additionalData,
		mode,
		runExecutionData,
	).processRunExecutionData(workflow);

	const runData = run.data.resultData.runData;
	const taskOf = (nodeName: string, runIndex?: number) => {
		const runs = runData[nodeName];
		if (!runs?.length) {
			const ran = Object.keys(runData).join(', ') || 'none';
			const why = run.data.resultData.error?.message;
			throw new Error(
				`Node "${nodeName}" did not run (ran: ${ran})${why ? `; workflow error: ${why}` : ''}`,
			);
		}
		return runs[runIndex ?? runs.length - 1];
	};

	return {
		run,
		status: run.status,
		runData,
		error: run.data.resultData.error,
		executedNodes,
		output(nodeName, outputIndex = 0, runIndex) {
			const task = taskOf(nodeName, runIndex);
			if (task.error && !task.data) {
				throw new Error(`Node "${nodeName}" failed: ${task.error.message}`);
			}
			return task.data?.main?.[outputIndex] ?? [];
		},
		nodeError(nodeName, runIndex) {
			return taskOf(nodeName, runIndex).error;
		},
		credentials: store.snapshot(),
		staticData: JSON.parse(
			JSON.stringify(workflow.staticData, (key, value: unknown) =>
				key === '__dataChanged' ? undefined : value,
			),
		) as IDataObject,
	};
}
