import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { buildListSearch, buildTriggerDescription, pollCompletions } from '../shared/n8n';
import { learnWorldsVendor } from '../shared/vendors/learnworlds/definition';

export class LearnWorldsTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildTriggerDescription(learnWorldsVendor, {
			displayName: 'LearnWorlds Trigger',
			name: 'learnWorldsTrigger',
			icon: { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' },
			description: 'Starts the workflow when a LearnWorlds user completes a course',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:learnworlds.svg', dark: 'file:learnworlds.dark.svg' },
		subtitle: '={{"Course completed"}}',
	};

	methods = { listSearch: buildListSearch(learnWorldsVendor) };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollCompletions.call(this, learnWorldsVendor);
	}
}
