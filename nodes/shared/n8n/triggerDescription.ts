import { NodeConnectionTypes, type INodeTypeDescription } from 'n8n-workflow';

import type { VendorDefinition } from '../core';
import type { NodeIdentity } from './description';
import { triggerProperties } from './poller';

/** The chosen event, as the canvas shows it under the node. */
export const TRIGGER_SUBTITLE =
	'={{ {"courseCompleted": "Course completed", "userCreated": "User created", "userEnrolled": "User enrolled"}[$parameter["event"]] }}';

/** A polling trigger's description; the poll interval is n8n's own "Poll Times" setting. */
export function buildTriggerDescription(
	vendor: VendorDefinition,
	identity: NodeIdentity,
): INodeTypeDescription {
	return {
		displayName: identity.displayName,
		name: identity.name,
		icon: identity.icon,
		group: ['trigger'],
		version: 1,
		subtitle: TRIGGER_SUBTITLE,
		description: identity.description,
		defaults: { name: identity.displayName },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: vendor.credentialType, required: true }],
		properties: triggerProperties(vendor),
	};
}
