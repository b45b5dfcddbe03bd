import { ExecutionLifecycleHooks } from 'n8n-core';
import type {
	ICredentialsHelper,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';

let executionCounter = 0;

export function nextExecutionId(): string {
	executionCounter += 1;
	return String(executionCounter);
}

const unsupported = (what: string) => async () => {
	throw new Error(`${what} is not available in the workflow-test harness`);
};

/**
 * The per-execution services n8n's CLI would provide. Only what our nodes can reach is real
 * (credentials, hooks); sub-workflows and code runners are refused loudly rather than mocked.
 */
export function createAdditionalData(options: {
	credentialsHelper: ICredentialsHelper;
	mode: WorkflowExecuteMode;
	executionId: string;
	workflowData: IWorkflowBase;
}): IWorkflowExecuteAdditionalData {
	const hooks = new ExecutionLifecycleHooks(
		options.mode,
		options.executionId,
		options.workflowData,
	);
	const base = 'http://127.0.0.1:5678';
	const data: Partial<IWorkflowExecuteAdditionalData> = {
		credentialsHelper: options.credentialsHelper,
		hooks,
		executionId: options.executionId,
		workflowId: options.workflowData.id,
		userId: 'harness-user',
		currentNodeParameters: undefined,
		currentNodeExecutionIndex: 0,
		variables: {},
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		formBaseUrl: `${base}/form`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		formTestBaseUrl: `${base}/form-test`,
		webhookBaseUrl: `${base}/webhook`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		mcpBaseUrl: `${base}/mcp`,
		mcpTestBaseUrl: `${base}/mcp-test`,
		executeWorkflow: unsupported('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => undefined,
		startRunnerTask: unsupported('startRunnerTask'),
	};
	return data as IWorkflowExecuteAdditionalData;
}
