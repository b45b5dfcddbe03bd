import { webhookDefinitionFor } from '../learnworlds/webhooks';
import { growProfile } from './profile';

/** Grow sends LearnWorlds' webhook envelope (docs/grow.md), to its own webhook credential. */
export const growWebhooks = webhookDefinitionFor(
	growProfile.id,
	growProfile.name,
	'growWebhookApi',
);
