import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { buildMethods, buildTriggerDescription, pollEvents } from '../shared/n8n';
import { growVendor } from '../shared/vendors/grow';

export class GrowTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildTriggerDescription(growVendor, {
			displayName: 'Grow Trigger',
			icon: { light: 'file:grow.svg', dark: 'file:grow.dark.svg' },
			description:
				'Starts the workflow when a Grow user is created, is enrolled or completes a course',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:grow.svg', dark: 'file:grow.dark.svg' },
		subtitle:
			'={{ {"courseCompleted": "Course completed", "userCreated": "User created", "userEnrolled": "User enrolled"}[$parameter["event"]] }}',
	};

	methods = buildMethods(growVendor);

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollEvents.call(this, growVendor);
	}
}
