/** Who this vendor is, declared once: the definition, the adapter and the error messages read it. */
export const learnUponIdentity = {
	id: 'learnupon',
	name: 'LearnUpon',
	credentialType: 'learnUponApi',
	nodeName: 'learnUpon',
} as const;
