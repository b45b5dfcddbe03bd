import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';

import { buildMethods, buildTriggerDescription, pollEvents } from '../shared/n8n';
import { talentLmsVendor } from '../shared/vendors/talentlms/definition';

const ICON = { light: 'file:talentlms.svg', dark: 'file:talentlms.dark.svg' } as const;

export class TalentLmsTrigger implements INodeType {
	description: INodeTypeDescription = {
		...buildTriggerDescription(talentLmsVendor, {
			displayName: 'TalentLMS Trigger',
			icon: ICON,
			description: 'Starts the workflow when a TalentLMS user is created or completes a course',
		}),
		// Repeated as literals: n8n's lint reads these from the class, not from the builder.
		icon: { light: 'file:talentlms.svg', dark: 'file:talentlms.dark.svg' },
		subtitle:
			'={{ {"courseCompleted": "Course completed", "userCreated": "User created", "userEnrolled": "User enrolled"}[$parameter["event"]] }}',
	};

	methods = buildMethods(talentLmsVendor);

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return pollEvents.call(this, talentLmsVendor);
	}
}
