/**
 * How a tool outside n8n signs its calls to each vendor (what the credential does inside n8n),
 * by registry id: the bench and the sandbox tests take it from here, and a vendor added to the
 * registry without one does not compile. Dev-only: the vendors' standalone.ts files stay out of
 * the package.
 */
import type { Transport } from '../../nodes/shared/core';
import type { VendorId } from '../../nodes/shared/vendors';
import { growProfile } from '../../nodes/shared/vendors/grow';
import { learnWorldsProfile } from '../../nodes/shared/vendors/learnworlds';
import { standaloneAuthorizer as learningPoolAuthorizer } from '../../nodes/shared/vendors/learningpool/standalone';
import { standaloneAuthorizer as learnUponAuthorizer } from '../../nodes/shared/vendors/learnupon/standalone';
import { standaloneAuthorizer as learnWorldsAuthorizer } from '../../nodes/shared/vendors/learnworlds/standalone';
import { standaloneAuthorizer as talentLmsAuthorizer } from '../../nodes/shared/vendors/talentlms/standalone';
import type { Authorizer } from './axiosTransport';

/** `tokenTransport` carries the token calls of the OAuth vendors; the others ignore it. */
export type AuthorizerFactory = (
	credentials: Record<string, unknown>,
	tokenTransport: Transport,
) => Authorizer;

export const AUTHORIZERS: Record<VendorId, AuthorizerFactory> = {
	talentlms: (credentials) => talentLmsAuthorizer(credentials) as Authorizer,
	learnupon: (credentials) => learnUponAuthorizer(credentials),
	learnworlds: (credentials, transport) =>
		learnWorldsAuthorizer(learnWorldsProfile, credentials, transport),
	grow: (credentials, transport) => learnWorldsAuthorizer(growProfile, credentials, transport),
	learningpool: (credentials, transport) => learningPoolAuthorizer(credentials, transport),
};

/**
 * Credential data for a simulator: its address under every name the five credentials use
 * (TalentLMS domain, LearnUpon portal, LearnWorlds/Grow schoolUrl, Learning Pool baseUrl; each
 * vendor reads its own and ignores the rest) and the simulator's demo credentials.
 */
export function simulatorCredentials(
	url: string,
	simulator: Record<string, string>,
): Record<string, unknown> {
	return { baseUrl: url, domain: url, portal: url, schoolUrl: url, ...simulator };
}
